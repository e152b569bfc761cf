param clusterName string
param location string = resourceGroup().location
param monitoringWorkspaceId string = ''
param enableAzureDefender bool = false

resource managedCluster 'Microsoft.ContainerService/managedClusters@2023-07-02-preview' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: enableAzureDefender ? {
        securityMonitoring: {
          enabled: enableAzureDefender
        }
        logAnalyticsWorkspaceResourceId: !empty(monitoringWorkspaceId) ? monitoringWorkspaceId : null
      } : null
    }
  }
}
