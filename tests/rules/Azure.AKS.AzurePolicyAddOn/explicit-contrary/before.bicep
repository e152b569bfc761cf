resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-dev'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: 'aks-dev'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 1
        vmSize: 'Standard_D2ds_v5'
      }
    ]
    addonProfiles: {
      azurepolicy: {
        // Off until the policy exemptions for the dev namespaces are in place.
        enabled: false
      }
    }
  }
}
