param clusterName string
param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: { workloadIdentity: { enabled: true } }
  }
}
