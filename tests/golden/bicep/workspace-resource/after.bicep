param location string = resourceGroup().location
param clusterName string

/* The workspace is created next to the cluster. */
resource law 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'law-${clusterName}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2023-05-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: [
      {
        name: 'system'
        count: 3
        vmSize: 'Standard_D4s_v5'
        mode: 'System'
      }
    ]
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: law.id
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}
