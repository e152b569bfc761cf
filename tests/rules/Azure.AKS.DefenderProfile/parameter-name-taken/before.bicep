param clusterName string

// Not a workspace id: the new parameter's name is taken.
param logAnalyticsWorkspaceResourceId object = {}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: resourceGroup().location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
  }
}
