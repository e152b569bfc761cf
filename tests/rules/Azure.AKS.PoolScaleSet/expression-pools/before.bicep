param clusterName string
param location string = resourceGroup().location
param sparePool object
param pools array = [
  {
    name: 'system'
    count: 3
    mode: 'System'
  }
]

var systemPool = {
  name: 'system'
  mode: 'System'
  count: 3
  vmSize: 'Standard_D4ds_v5'
}
var userPool = {
  name: 'user'
  mode: 'User'
  count: 3
  vmSize: 'Standard_D4ds_v5'
  type: 'VirtualMachineScaleSets'
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: [
      systemPool
      userPool
      sparePool
    ]
  }
}

resource aksTwo 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: '${clusterName}-two'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: pools
  }
}
