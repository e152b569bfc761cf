param clusterName string
param location string = resourceGroup().location
param systemPoolType string = 'VirtualMachineScaleSets'
param userPoolType string = 'AvailabilitySet'
param sparePoolType string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
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
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4ds_v5'
        type: systemPoolType
      }
      {
        name: 'user'
        mode: 'User'
        count: 3
        vmSize: 'Standard_D4ds_v5'
        type: userPoolType
      }
      {
        name: 'spare'
        mode: 'User'
        count: 3
        vmSize: 'Standard_D4ds_v5'
        type: sparePoolType
      }
    ]
  }
}
