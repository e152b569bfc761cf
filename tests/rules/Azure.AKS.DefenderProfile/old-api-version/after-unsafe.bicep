param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2022-06-01' = {
  name: 'aks-old-api'
  location: location
  properties: {
    dnsPrefix: 'aks-old-api'
    kubernetesVersion: '1.21.2'
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
