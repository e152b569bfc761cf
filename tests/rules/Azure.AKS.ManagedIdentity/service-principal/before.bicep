param clusterName string
param location string = resourceGroup().location
param spClientId string = '00000000-0000-0000-0000-000000000001'
@secure()
param spSecret string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
      }
    ]
    servicePrincipalProfile: {
      clientId: spClientId
      secret: spSecret
    }
  }
}
