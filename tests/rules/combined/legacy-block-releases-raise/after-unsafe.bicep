param workspaceId string

// The legacy block keeps every version with nodeOSUpgradeChannel out of reach until
// DefenderProfile's fix replaces it.
resource aks 'Microsoft.ContainerService/managedClusters@2023-06-01' = {
  name: 'aks-legacy'
  location: 'westeurope'
  properties: {
    dnsPrefix: 'aks-legacy'
    enableRBAC: true
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
          logAnalyticsWorkspaceResourceID: workspaceId
        }
      }
    }
    networkProfile: {
      loadBalancerSku: 'standard'
    }
    autoUpgradeProfile: {
      upgradeChannel: 'stable'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    securityProfile: {
      defender: {
        securityMonitoring: {
          enabled: true
        }
        logAnalyticsWorkspaceResourceId: workspaceId
      }
    }
  }
  identity: {
    type: 'SystemAssigned'
  }
  sku: {
    tier: 'Standard'
    name: 'Base'
  }
}
