// AKS cluster with Container insights sending to a shared Log Analytics workspace.
targetScope = 'resourceGroup'

@description('The name of the managed cluster.')
param clusterName string = 'aks-${uniqueString(resourceGroup().id)}'

@description('The location of the cluster.')
param location string = resourceGroup().location

@description('Resource ID of the workspace used by Container insights.')
param monitoringWorkspaceId string

@minValue(1)
@maxValue(50)
param agentCount int = 3

var dnsPrefix = '${clusterName}-dns'

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: dnsPrefix
    agentPoolProfiles: [
      {
        name: 'system'
        count: agentCount
        vmSize: 'Standard_D4s_v5'
        osType: 'Linux'
        mode: 'System'
      }
    ]
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: monitoringWorkspaceId // Container insights
        }
      }
    }
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: monitoringWorkspaceId
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}

output controlPlaneFqdn string = aks.properties.fqdn
