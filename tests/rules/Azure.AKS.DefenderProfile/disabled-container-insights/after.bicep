@description('Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends security data to.')
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-no-insights'
  location: resourceGroup().location
  properties: {
    dnsPrefix: 'aks-no-insights'
    addonProfiles: {
      omsagent: {
        enabled: false
        config: {
          logAnalyticsWorkspaceResourceID: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/retired'
        }
      }
    }
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: logAnalyticsWorkspaceResourceId
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}
