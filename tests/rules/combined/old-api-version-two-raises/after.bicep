param clusterName string
param location string = resourceGroup().location
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2020-03-01' = {
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
    }
    networkProfile: {
      loadBalancerSku: 'standard'
    }
  }
}
