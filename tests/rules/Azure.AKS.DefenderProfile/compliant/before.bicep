param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-compliant'
  location: location
  properties: {
    dnsPrefix: 'aks-compliant'
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
