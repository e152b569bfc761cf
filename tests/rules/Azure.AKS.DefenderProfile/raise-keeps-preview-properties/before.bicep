param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2021-11-01-preview' = {
  name: 'aks-baseline'
  location: resourceGroup().location
  properties: {
    dnsPrefix: 'aks-baseline'
    oidcIssuerProfile: {
      enabled: true
    }
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
    }
  }
}
