// Facts about Microsoft Defender for Containers on AKS that hold whatever the source format:
// which API versions have `securityProfile.defender`, and how a workspace ID is named.
//
// Shared by the ARM and Bicep fixers and the declared rules' apiVersion check.
#pragma once

#include <string>
#include <string_view>

namespace armfix {

// The first stable API version with securityProfile.defender; earlier ones have azureDefender.
inline constexpr const char* kFirstDefenderApiVersion = "2022-06-01";
// The first preview with it.
inline constexpr const char* kFirstDefenderPreviewApiVersion = "2022-05-02";

// Dates of the form YYYY-MM-DD, optionally followed by `-preview` or another suffix.
bool looks_like_api_version(std::string_view text);
// True from 2022-06-01 (stable) or 2022-05-02 (preview).
bool supports_defender(std::string_view api_version);

// A parameter name that says it holds a Log Analytics workspace resource ID.
bool names_a_workspace_id(std::string_view name);

// The description armfix gives a workspace parameter it adds.
inline constexpr const char* kWorkspaceParameterDescription =
    "Resource ID of the Log Analytics workspace that Microsoft Defender for Containers sends "
    "security data to.";

}  // namespace armfix
