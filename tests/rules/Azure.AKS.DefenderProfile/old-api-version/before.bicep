param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2021-05-01' = {
  name: 'aks-old-api'
  location: location
  properties: {
    dnsPrefix: 'aks-old-api'
    kubernetesVersion: '1.21.2'
  }
}
