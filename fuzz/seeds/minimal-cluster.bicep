param workspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  properties: {
    securityProfile: { defender: null }
  }
}
