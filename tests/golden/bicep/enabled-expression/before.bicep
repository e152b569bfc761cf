param clusterName string
param location string = resourceGroup().location
param workspaceId string
param enableDefender bool = false

var defenderOn = true

resource aks 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: clusterName
  location: location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: enableDefender
        }
      }
    }
  }
}

resource aks2 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: '${clusterName}-2'
  location: location
  properties: {
    dnsPrefix: '${clusterName}-2'
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: defenderOn
        }
      }
    }
  }
}
