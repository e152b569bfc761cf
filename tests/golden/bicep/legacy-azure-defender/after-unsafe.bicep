param clusterName string
param location string = resourceGroup().location

resource la 'Microsoft.OperationalInsights/workspaces@2021-06-01' existing = {
  name: 'la-shared'
}

resource mc 'Microsoft.ContainerService/managedClusters@2022-06-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true
        }
        logAnalyticsWorkspaceResourceId: la.id
      }
    }
  }
}
