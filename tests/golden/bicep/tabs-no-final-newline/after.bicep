param clusterName string

@description('Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends security data to.')
param logAnalyticsWorkspaceResourceId string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
	name: clusterName
	properties: {
		dnsPrefix: clusterName
		securityProfile: {
			defender: {
				securityMonitoring: {
					enabled: true
				}
				logAnalyticsWorkspaceResourceId: logAnalyticsWorkspaceResourceId
			}
		}
	}
}