param clusterName string
param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

var clusterProperties = {
  dnsPrefix: clusterName
  agentPoolProfiles: [
    {
      name: 'system'
      mode: 'System'
      count: 3
      vmSize: 'Standard_D4ds_v5'
    }
  ]
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: union({
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: logAnalyticsWorkspaceResourceId
      }
    }
  }, clusterProperties, {
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true
        }
      }
    }
    addonProfiles: {
      azurepolicy: {
        enabled: true
      }
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: {
          enableSecretRotation: 'true'
        }
      }
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: logAnalyticsWorkspaceResourceId
        }
      }
    }
    autoUpgradeProfile: {
      upgradeChannel: 'stable'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    networkProfile: {
      loadBalancerSku: 'standard'
    }
    enableRBAC: true
  })
  sku: {
    tier: 'Standard'
    name: 'Base'
  }
}
