param clusterName string
param location string = resourceGroup().location

resource la 'Microsoft.OperationalInsights/workspaces@2021-06-01' existing = {
  name: 'la-shared'
}

resource mc 'Microsoft.ContainerService/managedClusters@2022-03-02-preview' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      azureDefender: {
        enabled: true
        logAnalyticsWorkspaceResourceId: la.id
      }
    }
  }
}
