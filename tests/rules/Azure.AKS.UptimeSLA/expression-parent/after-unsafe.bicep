param clusterName string
param location string = resourceGroup().location

var clusterSku = {
  name: 'Base'
  tier: 'Free'
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  sku: union(clusterSku, {
    tier: 'Standard'
    name: 'Base'
  })
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
      }
    ]
  }
}
