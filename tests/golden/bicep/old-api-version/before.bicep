param clusterName string
param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2021-03-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    kubernetesVersion: '1.20.7'
  }
}
