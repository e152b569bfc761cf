# The same fix as armfix, as a jq program: every deployed AKS cluster anywhere in the template
# gets properties.securityProfile.defender.securityMonitoring.enabled = true and, when missing,
# a workspace from a parameter that the program adds. jq rewrites the whole file in its own
# format and cannot read comments.
#
# usage: jq -f bench/defender.jq azuredeploy.json > fixed.json

def is_cluster:
  (.type | type) == "string"
  and (.type | ascii_downcase) == "microsoft.containerservice/managedclusters"
  and .existing != true;

def fix_cluster:
  try (
    .properties.securityProfile.defender.securityMonitoring.enabled = true
    | .properties.securityProfile.defender.logAnalyticsWorkspaceResourceId
        //= "[parameters('logAnalyticsWorkspaceResourceId')]"
  ) catch .;  # properties given by an expression: left as it is

def fix_all:
  if type == "object" then
    (if is_cluster then fix_cluster else . end) | map_values(fix_all)
  elif type == "array" then
    map(fix_all)
  else
    .
  end;

fix_all
| if (.parameters | type) == "object" and any(.. | objects; is_cluster) then
    .parameters.logAnalyticsWorkspaceResourceId //= {"type": "string"}
  else
    .
  end
