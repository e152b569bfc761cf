param workspaceId string = ''

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-modules'
  location: resourceGroup().location
  properties: {
    dnsPrefix: 'aks-modules'
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: !empty(workspaceId) ? workspaceId : null
        }
      }
    }
  }
}
