param clusterName string
param location string = resourceGroup().location

@allowed(['none', 'patch', 'stable', 'rapid', 'node-image'])
param upgradeChannel string = 'none'

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
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
    autoUpgradeProfile: {
      upgradeChannel: 'stable'
    }
  }
}
