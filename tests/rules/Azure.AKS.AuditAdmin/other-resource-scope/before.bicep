param clusterName string = 'aks'
param workspaceId string
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
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
  }
}

resource elsewhere 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {
  name: 'elsewhere'
}

resource vault 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'vault'
  scope: kv
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: true
      }
    ]
  }
}

resource otherCluster 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'other-cluster'
  scope: elsewhere
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: true
      }
    ]
  }
}
