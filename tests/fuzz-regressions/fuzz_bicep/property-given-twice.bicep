resource aks 'Microsoft.ContainerService/managedClusters@2023-01-01' = {
  name: 'aks'
  properties: {}
  'properties': {
    securityProfile: {}
  }
}
