@description('Resource ID of the Log Analytics workspace.')
param logAnalyticsWorkspaceId string

param clusterName string
param location string = resourceGroup().location

resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
      imageCleaner: {
        enabled: true
        intervalHours: 48
      } // keeps nodes tidy
    }
  }
}
