param location string = resourceGroup().location
param workspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2023-11-01' = {
  name: 'aks-casing'
  location: location
  Properties: {
    dnsPrefix: 'aks-casing'
    SECURITYPROFILE: {
      Defender: {
        LogAnalyticsWorkspaceResourceId: workspaceId
        SecurityMonitoring: {
          Enabled: false
        }
      }
    }
  }
}
