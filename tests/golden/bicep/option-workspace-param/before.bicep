param clusterName string
param location string = resourceGroup().location
param securityWorkspace string
param containerInsightsWorkspaceId string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: containerInsightsWorkspaceId
        }
      }
    }
  }
}
