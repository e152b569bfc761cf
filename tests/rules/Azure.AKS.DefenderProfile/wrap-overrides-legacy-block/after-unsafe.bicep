param workspaceId string = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law'

var clusterProperties = {
  dnsPrefix: 'aks-legacy'
  securityProfile: {
    azureDefender: {
      enabled: true
      logAnalyticsWorkspaceResourceId: workspaceId
    }
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2022-06-01' = {
  name: 'aks-legacy'
  location: resourceGroup().location
  properties: union({
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
      }
    }
  }, clusterProperties, {
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true
        }
      }
      azureDefender: null
    }
  })
}
