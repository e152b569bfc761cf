param workspaceId string = ''

@description('Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends security data to.')
param logAnalyticsWorkspaceResourceId string

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
