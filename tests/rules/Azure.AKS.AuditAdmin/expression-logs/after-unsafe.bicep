param clusterName string = 'aks'
param workspaceId string
param location string = resourceGroup().location
param auditEnabled bool = true
param auditUnknown bool

var auditLogs = [
  {
    category: 'kube-audit'
    enabled: true
  }
]
var auditCategory = 'kube-audit'
var auditEntry = {
  category: 'kube-audit'
  enabled: true
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

resource logsVariable 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-variable'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: auditLogs
  }
}

resource categoryVariable 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'category-variable'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit-admin'
        enabled: true
      }
    ]
  }
}

resource entryVariable 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'entry-variable'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      auditEntry
    ]
  }
}

resource enabledParameter 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'enabled-parameter'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit-admin'
        enabled: auditEnabled
      }
    ]
  }
}

resource enabledUnknown 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'enabled-unknown'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'kube-audit'
        enabled: auditUnknown
      }
    ]
  }
}
