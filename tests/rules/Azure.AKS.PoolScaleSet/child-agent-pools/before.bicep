param clusterName string
param location string = resourceGroup().location

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
        type: 'VirtualMachineScaleSets'
      }
    ]
  }

  resource nested 'agentPools@2024-02-01' = {
    name: 'nested'
    properties: {
      count: 2
      vmSize: 'Standard_D4ds_v5'
      mode: 'User'
    }
  }
}

resource toplevel 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {
  parent: aks
  name: 'toplevel'
  properties: {
    count: 2
    vmSize: 'Standard_D4ds_v5'
    mode: 'User'
  }
}

resource legacy 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {
  parent: aks
  name: 'legacy'
  properties: {
    type: 'AvailabilitySet'
    count: 2
    vmSize: 'Standard_D4ds_v5'
    mode: 'User'
  }
}

resource bare 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {
  name: '${clusterName}/bare'
}
