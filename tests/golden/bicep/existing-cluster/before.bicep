param clusterName string

resource aks 'Microsoft.ContainerService/managedClusters@2021-03-01' existing = {
  name: clusterName

  resource pool 'agentPools' existing = {
    name: 'system'
  }
}

resource userPool 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {
  parent: aks
  name: 'user'
  properties: {
    count: 2
    vmSize: 'Standard_D4s_v5'
    mode: 'User'
  }
}

output poolId string = aks::pool.id
