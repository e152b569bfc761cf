// Requires `sku.tier` Paid (apiVersions before 2023-02-01) or Standard or Premium (from
// 2023-02-01 on), with the matching `sku.name` (Basic before, Base from then on).
//   missing or Free: set the tier (the `tier` option, Standard, from 2023-02-01; Paid before)
//     and sku.name, unsafe (the tier is billed)
//   apiVersion before 2020-03-01 (no sku): raise it, unsafe; the tier is the raised version's
//   apiVersion given by an expression that does not resolve: manual (the tier's name depends
//     on it)
#include "aks/uptime_sla.hpp"

#include "aks/aks_rules.hpp"

namespace armfix {

namespace {

constexpr std::string_view kStandardFrom = "2023-02-01";
const char* const kBilled = "the tier is billed for every cluster hour";

RuleInfo uptime_sla_info() {
  RuleInfo info = {"Azure.AKS.UptimeSLA",
                   "AZR-000285",
                   "Use the Standard tier for AKS clusters, with the uptime SLA of their API "
                   "server (sku.tier Standard, Paid before apiVersion 2023-02-01).",
                   "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.UptimeSLA/",
                   "Unsafe only, since the tier is billed: setting sku.tier (Paid before "
                   "apiVersion 2023-02-01, the tier option's value from it on) with the "
                   "matching sku.name (Basic, then Base), replacing Free or an expression, "
                   "wrapping an expression-valued sku in union(), raising an apiVersion older "
                   "than 2020-03-01. Manual: an apiVersion given by an expression that does not "
                   "resolve, since the tier's name depends on it.",
                   {}};
  info.options.push_back(RuleOption{"tier",
                                    "The tier a fix writes from apiVersion 2023-02-01 on "
                                    "(before it, the paid tier is Paid).",
                                    {"Standard", "Premium"},
                                    "Standard"});
  return info;
}

RuleSpec tier_rule(std::vector<nlohmann::json> accepted, nlohmann::json fix, std::string fix_option,
                   const char* name) {
  RuleSpec rule;
  rule.info = uptime_sla_info();
  rule.resource_type = kManagedClusterType;
  rule.problem = "the cluster has no uptime SLA";
  Requirement tier;
  tier.path = {"sku", "tier"};
  tier.accepted = std::move(accepted);
  tier.fix = std::move(fix);
  tier.fix_option = std::move(fix_option);
  tier.missing = Safety::Unsafe;
  tier.missing_reason = kBilled;
  tier.contrary = Safety::Unsafe;
  tier.contrary_reason = std::string("overrides an explicit tier; ") + kBilled;
  tier.written_beside = {{"name", name}};
  rule.requirements.push_back(std::move(tier));
  return rule;
}

bool from_standard(const std::string& version) {
  return version.substr(0, 10) >= kStandardFrom;
}

bool raises_to_standard(const Finding& finding) {
  for (const auto& intent : finding.intents) {
    if (intent.kind == IntentKind::RaiseApiVersion && from_standard(intent.api_version))
      return true;
  }
  return false;
}

}  // namespace

UptimeSlaFixer::UptimeSlaFixer()
    : paid_(tier_rule({"Paid"}, "Paid", "", "Basic")),
      standard_(tier_rule({"Standard", "Premium"}, "Standard", "tier", "Base")) {}

const RuleInfo& UptimeSlaFixer::info() const {
  return standard_.info();
}

std::string_view UptimeSlaFixer::resource_type() const {
  return kManagedClusterType;
}

std::vector<Finding> UptimeSlaFixer::check(const ResourceModel& model,
                                           const FixOptions& options) const {
  std::vector<Finding> findings;
  for (const auto& cluster : model.deployed(kManagedClusterType)) {
    for (auto& finding : check_cluster(model, cluster, options)) {
      finding.rule = &info();
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

std::vector<Finding> UptimeSlaFixer::check_cluster(const ResourceModel& model,
                                                   const ResourceRef& cluster,
                                                   const FixOptions& options) const {
  std::vector<Finding> findings;
  const ApiVersion version = model.api_version(cluster);
  if (version.resolved && from_standard(*version.resolved)) {
    if (auto finding = standard_.check_resource(model, cluster, options))
      findings.push_back(std::move(*finding));
    return findings;
  }
  auto paid = paid_.check_resource(model, cluster, options);
  if (paid && !version.resolved) {
    // Which name the tier has depends on the version.
    paid->safety = Safety::Manual;
    paid->intents.clear();
    paid->held.reset();
    const std::size_t fix = paid->message.find("; ");
    if (fix != std::string::npos) paid->message.resize(fix);
    paid->message += "; its apiVersion is the expression " + shorten_source(version.text) +
                     ": the tier is Paid before 2023-02-01 and Standard from it on; set sku.tier "
                     "by hand";
    findings.push_back(std::move(*paid));
    return findings;
  }
  // A raise to a version that names the tier Standard writes that version's values.
  if (paid && raises_to_standard(*paid)) {
    if (auto standard = standard_.check_resource(model, cluster, options))
      findings.push_back(std::move(*standard));
    return findings;
  }
  // Another rule's fix may raise the cluster to such a version in the same run: the pipeline
  // keeps the finding of the version the cluster ends at (keep_findings_for_final_api_version).
  if (paid) {
    paid->final_api_version_until = std::string(kStandardFrom);
    findings.push_back(std::move(*paid));
  }
  if (auto standard = standard_.check_resource(model, cluster, options)) {
    standard->final_api_version_from = std::string(kStandardFrom);
    findings.push_back(std::move(*standard));
  }
  return findings;
}

}  // namespace armfix
