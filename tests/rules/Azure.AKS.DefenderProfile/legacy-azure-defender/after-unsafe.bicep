param location string = resourceGroup().location
param workspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2022-06-01' = {
  name: 'aks-legacy'
  location: location
  properties: {
    dnsPrefix: 'aks-legacy'
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true
        }
        logAnalyticsWorkspaceResourceId: workspaceId
      }
    }
  }
}
