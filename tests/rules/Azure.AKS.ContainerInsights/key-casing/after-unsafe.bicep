param clusterName string
param location string = resourceGroup().location
param workspaceId string = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law'

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
    AddonProfiles: {
      omsAgent: {
        Enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: workspaceId
        }
      }
    }
  }
}
