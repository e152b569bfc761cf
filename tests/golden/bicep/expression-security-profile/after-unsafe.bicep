param clusterName string
param location string = resourceGroup().location
param monitoringWorkspaceId string = ''
param enableAzureDefender bool = false
@description('Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends security data to.')
param logAnalyticsWorkspaceResourceId string

resource managedCluster 'Microsoft.ContainerService/managedClusters@2023-07-02-preview' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: union({
        logAnalyticsWorkspaceResourceId: logAnalyticsWorkspaceResourceId
      }, coalesce(enableAzureDefender ? {
        securityMonitoring: {
          enabled: enableAzureDefender
        }
        logAnalyticsWorkspaceResourceId: !empty(monitoringWorkspaceId) ? monitoringWorkspaceId : null
      } : null, {}), {
        securityMonitoring: {
          enabled: true
        }
      })
    }
  }
}
