@description('The clusters to deploy, one per region.')
param clusters array = [
  {
    name: 'aks-weu'
    location: 'westeurope'
    deploy: true
  }
  {
    name: 'aks-neu'
    location: 'northeurope'
    deploy: false
  }
]
param workspaceResourceId string

#disable-next-line BCP081
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = [for cluster in clusters: if (cluster.deploy) {
  name: cluster.name
  location: cluster.location
  properties: {
    dnsPrefix: cluster.name
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceResourceId
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}]

resource single 'Microsoft.ContainerService/managedClusters@2024-02-01' = if (length(clusters) > 0) {
  name: 'aks-single'
  location: resourceGroup().location
  properties: {
    dnsPrefix: 'aks-single'
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceResourceId
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}
