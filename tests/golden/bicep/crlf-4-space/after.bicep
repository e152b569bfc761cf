param clusterName string
param location string = resourceGroup().location

// Four spaces and CRLF, as some editors write.
resource aks 'Microsoft.ContainerService/managedClusters@2023-10-01' = {
    name: clusterName
    location: location
    properties: {
        dnsPrefix: clusterName
        addonProfiles: {
            omsAgent: {
                enabled: true
                config: {
                    logAnalyticsWorkspaceResourceID: resourceId('Microsoft.OperationalInsights/workspaces', 'law-shared')
                }
            }
        }
        securityProfile: {
            defender: {
                logAnalyticsWorkspaceResourceId: resourceId('Microsoft.OperationalInsights/workspaces', 'law-shared')
                securityMonitoring: {
                    enabled: true
                }
            }
        }
    }
}
