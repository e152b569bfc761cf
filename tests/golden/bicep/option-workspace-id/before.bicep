targetScope = 'resourceGroup'

@description('The name of the managed cluster.')
param clusterName string

@description('The location of the cluster.')
param location string = resourceGroup().location

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
  }
}
