param clusterName string
param location string = resourceGroup().location
param workspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: clusterName
  location: location
  Properties: {
    dnsPrefix: clusterName
    SecurityProfile: {
      Defender: {
        LogAnalyticsWorkspaceResourceId: workspaceId
        SecurityMonitoring: {
          Enabled: true
        }
      }
    }
  }
}
