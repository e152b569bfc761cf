param clusterName string

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
	name: clusterName
	properties: {
		dnsPrefix: clusterName
		securityProfile: {
			defender: {
				securityMonitoring: {
				}
			}
		}
	}
}