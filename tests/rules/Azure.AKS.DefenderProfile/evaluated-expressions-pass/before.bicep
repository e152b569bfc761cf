param monitor bool = true
param workspaceId string = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law'

var settings = {
  monitoring: monitor && !empty(workspaceId)
}

resource fromBool 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-bool'
  location: resourceGroup().location
  properties: {
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: bool('true')
        }
      }
    }
  }
}

resource fromJson 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-json'
  location: resourceGroup().location
  properties: {
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: json('true')
        }
      }
    }
  }
}

resource fromTernary 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-ternary'
  location: resourceGroup().location
  properties: {
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: monitor ? true : false
        }
      }
    }
  }
}

resource fromVariable 'Microsoft.ContainerService/managedClusters@2023-08-01' = {
  name: 'aks-variable'
  location: resourceGroup().location
  properties: {
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: settings.monitoring
        }
      }
    }
  }
}
