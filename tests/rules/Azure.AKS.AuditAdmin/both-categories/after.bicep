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

resource adminOn 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'admin-on'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: false
      }
      {
        category: 'kube-audit-admin'
        enabled: true
      }
      {
        category: 'guard'
        enabled: true
      }
    ]
  }
}

resource adminOff 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'admin-off'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: false
      }
      {
        category: 'kube-audit-admin'
        enabled: true
      }
    ]
  }
}

resource adminUnset 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'admin-unset'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: false
      }
      {
        category: 'kube-audit-admin'
        enabled: true
      }
    ]
  }
}
