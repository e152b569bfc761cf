resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-casing'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks-casing'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
      }
    ]
    AddonProfiles: {
      azurePolicy: {
        Enabled: true
      }
    }
  }
}
