metadata description = 'A minimal AKS cluster.'

resource aks 'Microsoft.ContainerService/managedClusters@2024-01-01' = {
  name: 'aks-minimal'
  location: resourceGroup().location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks-minimal'
  }
}
