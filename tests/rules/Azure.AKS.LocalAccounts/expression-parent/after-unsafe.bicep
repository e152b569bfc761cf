param clusterName string
param location string = resourceGroup().location

var clusterProperties = {
  dnsPrefix: clusterName
  aadProfile: {
    managed: true
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: union(clusterProperties, {
    disableLocalAccounts: true
  })
}
