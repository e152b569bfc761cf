resource cluster 'Microsoft.ContainerService/managedClusters@2023-01-02-preview' = {
  location: location
  name: clusterName
  properties: {
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
