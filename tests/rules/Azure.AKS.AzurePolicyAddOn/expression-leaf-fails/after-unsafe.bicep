param enableAzurePolicy bool = false

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-policy'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks-policy'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
      }
    ]
    addonProfiles: {
      azurepolicy: {
        enabled: true
      }
    }
  }
}
