param clusterName string
param location string = resourceGroup().location
param workspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true // turned off during the pilot
        }
        logAnalyticsWorkspaceResourceId: workspaceResourceId
      }
    }
  }
}
