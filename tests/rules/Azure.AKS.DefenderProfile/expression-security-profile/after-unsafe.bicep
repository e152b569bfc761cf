param location string = resourceGroup().location
param monitoringWorkspaceId string
param enableDefender bool = false

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-expression'
  location: location
  properties: {
    dnsPrefix: 'aks-expression'
    securityProfile: union({
      defender: {
        logAnalyticsWorkspaceResourceId: monitoringWorkspaceId
      }
    }, coalesce(enableDefender ? {
      defender: {
        logAnalyticsWorkspaceResourceId: monitoringWorkspaceId
        securityMonitoring: {
          enabled: true
        }
      }
    } : null, {}), {
      defender: {
        securityMonitoring: {
          enabled: true
        }
      }
    })
  }
}
