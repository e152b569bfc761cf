param location string = resourceGroup().location
param workspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-disabled'
  location: location
  properties: {
    dnsPrefix: 'aks-disabled'
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          // Switched off while the pilot ran.
          enabled: true
        }
      }
    }
  }
}
