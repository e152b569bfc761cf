// Fixers: one rule each, speaking semantics only (findings and intents).
//
// Third stage of the pipeline. A fixer reads the deployed resources through the resource model
// (ARM or Bicep alike) and returns findings; each fixable finding carries the intents that fix
// it and a safety class. The pipeline merges the intents of every rule per resource and the
// language's backend renders them; the fixer never sees indentation, commas or comments.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/engine.hpp"
#include "armfix/intent.hpp"
#include "armfix/template_view.hpp"

namespace armfix {

// What applying a fix may do beyond the rule (ruff's "applicability").
enum class Safety {
  Safe,    // changes only what the rule needs
  Unsafe,  // could change behaviour beyond the rule: applied only with --unsafe-fixes
  Manual,  // no automatic fix: a person has to decide
};
const char* to_string(Safety safety);

// A choice a team can make for a rule: `--rule-option <rule>.<name>=<value>`.
struct RuleOption {
  std::string name;
  std::string description;
  std::vector<std::string> allowed;  // compared ignoring case; empty: any text
  std::string default_value;         // empty: none
  bool names_a_parameter = false;    // the value is a template parameter's name
};

struct RuleInfo {
  std::string name;      // Azure.AKS.DefenderProfile
  std::string ref;       // AZR-000370
  std::string synopsis;  // one line
  std::string help_uri;
  std::string safety_notes;
  std::vector<RuleOption> options;
};

// A parameter a fix adds that deployments must now supply (it has no default value).
struct RequiredParameter {
  std::string name;
  std::string description;
};

// A value the resource must hold for a rule to apply (SecretStoreRotation: only where the Key
// Vault secrets provider is enabled) or for its fix to be made (LocalAccounts: only with
// managed Entra ID integration).
struct Precondition {
  PropertyPath path;  // below the resource
  // Holds when the value equals one of these (strings ignoring case); null stands for a path
  // that is absent.
  std::vector<nlohmann::json> accepted;
};

// A fix held back because no apiVersion has what it writes while keeping every property the
// resource sets. Another rule's fix of the resource may remove what stands in the way (the
// legacy Defender block), so the pipeline settles the apiVersion over all of them and applies
// the held fix when one version then serves.
struct HeldFix {
  std::string_view resource_type;
  std::vector<Intent> intents;  // without the raise
  std::string message;          // the finding's message with this fix, before its safety notes
  std::vector<std::string> unsafe_reasons;  // besides the raise
};

struct Finding {
  const RuleInfo* rule = nullptr;
  ResourceRef resource;  // what the finding is about; its pointer in the document's key spelling
  // Where the finding points when it is about a value inside the resource (one element of an
  // array of several); Missing: the resource itself.
  ValueRef at;
  std::string message;
  Safety safety = Safety::Safe;
  std::string strategy;  // how the fix wires its dependencies (e.g. the workspace), if it does
  // ARM only: the JSON Patch operations the pipeline rendered from the merged intents that
  // this finding's edits carry (empty for manual findings and in Bicep).
  std::vector<PatchOperation> operations;
  // The fix of a rule on the resource model, in no language; the pipeline merges the intents
  // of every rule for a resource and renders them (as `operations` for ARM).
  std::vector<Intent> intents;
  std::vector<RequiredParameter> required_parameters;
  std::optional<HeldFix> held;  // a manual finding whose fix waits on the other rules' fixes
  // The rule applies only where this holds, and it does not hold yet: the finding counts when
  // another rule's fix of the resource makes it hold, and is dropped otherwise.
  std::optional<Precondition> applies_when;
  // The finding counts only where the resource's apiVersion, once every rule's fix raised it,
  // is `final_api_version_from` or later and before `final_api_version_until` (empty: no
  // bound); the rule's other finding of the resource covers the rest (UptimeSLA: the tier is
  // Paid before 2023-02-01, Standard from it on).
  std::string final_api_version_from;
  std::string final_api_version_until;
};

struct FixOptions {
  std::string workspace_param = "logAnalyticsWorkspaceResourceId";
  bool workspace_param_given = false;  // --workspace-param was on the command line
  std::optional<std::string> workspace_id;
  bool no_workspace = false;
  // Rule options by `<rule name>.<option>`, e.g. `Azure.AKS.AutoUpgrade.channel` → `patch`;
  // validated against the rule's declaration before a run.
  std::map<std::string, std::string> rule_options;
};

class ResourceModel;

class Fixer {
 public:
  virtual ~Fixer() = default;
  virtual const RuleInfo& info() const = 0;
  // The resource type the rule applies to; every deployed resource of it is checked.
  virtual std::string_view resource_type() const = 0;
  // Every deployed resource of the type, judged through the model of whichever language the
  // file is in; a rule never names a language. Findings carry intents, not text.
  virtual std::vector<Finding> check(const ResourceModel& model,
                                     const FixOptions& options) const = 0;
};

// Every rule armfix knows, in a stable order. Adding a rule is one file in fixers/aks/ and one
// line in src/rules/fixer_registry.cpp (tools/new-rule writes both).
const std::vector<std::unique_ptr<Fixer>>& registered_fixers();
// Looks a rule up by name or ref, ignoring case; nullptr when unknown.
const Fixer* find_fixer(std::string_view name_or_ref);

}  // namespace armfix
