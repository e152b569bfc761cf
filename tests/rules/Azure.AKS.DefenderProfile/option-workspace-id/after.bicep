@description('The name of the managed cluster.')
param clusterName string

@description('Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends security data to.')
param logAnalyticsWorkspaceResourceId string = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/x'

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: resourceGroup().location
  properties: {
    dnsPrefix: clusterName
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: logAnalyticsWorkspaceResourceId
        securityMonitoring: {
          enabled: true
        }
      }
    }
  }
}
