@description('The name of the managed cluster.')
param clusterName string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: resourceGroup().location
  properties: {
    dnsPrefix: clusterName
  }
}
