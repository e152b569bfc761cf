// Azure.AKS.AuditAdmin (AZR-000445): no diagnostic setting of an AKS cluster enables the
// `kube-audit` log category; `kube-audit-admin` records the same changes of state without the
// get and list events, at a fraction of the volume. The settings are the cluster's
// Microsoft.Insights/diagnosticSettings in every form the model ties to it (ResourceModel::
// extensions_of). An entry of `properties.logs` counts when its `category` is `kube-audit`
// (ignoring case) and its `enabled` is true; a disabled entry, an entry without `enabled` and a
// `categoryGroup` (`allLogs`, `audit`) do not, as in PSRule for Azure. One finding per
// offending entry, pointing at it and naming the setting.
//   literal category, and no kube-audit-admin entry in the setting: rename it, safe
//   the setting already has an enabled kube-audit-admin entry: set the kube-audit entry's
//     `enabled` to false, safe (the entry stays, so its retention settings are kept visible)
//   the setting has a kube-audit-admin entry that is not enabled: enable it and disable the
//     kube-audit entry, safe (unsafe when the admin entry's `enabled` is an expression)
//   category given by an expression that resolves to kube-audit: replace it, unsafe
//   enabled missing, or false: passes (PSRule counts only an enabled entry)
//   enabled given by an expression not known under the defaults: manual
//   an entry, `logs` or `properties` given by an expression under which an entry enables
//     kube-audit: manual (the value is written elsewhere)
#include "aks/audit_admin.hpp"

#include <set>

#include "aks/aks_rules.hpp"

namespace armfix {

namespace {

constexpr const char* kDiagnosticSettingsType = "Microsoft.Insights/diagnosticSettings";
constexpr const char* kKubeAudit = "kube-audit";
constexpr const char* kKubeAuditAdmin = "kube-audit-admin";

const RuleInfo kRule{
    "Azure.AKS.AuditAdmin",
    "AZR-000445",
    "Collect kube-audit-admin rather than kube-audit logs from AKS clusters (diagnostic "
    "settings' logs[].category), which leaves out the get and list events.",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.AuditAdmin/",
    "Counts an enabled kube-audit entry of the logs of a diagnostic setting of the cluster "
    "(extension resources whose scope is the cluster, the child form "
    "managedClusters/providers/diagnosticSettings, nested declarations); a categoryGroup such "
    "as allLogs does not count. Safe: renaming a literal kube-audit category to "
    "kube-audit-admin; where the setting already has a kube-audit-admin entry, setting the "
    "kube-audit entry's enabled to false (and enabling the admin entry when it is off). Unsafe: "
    "replacing an expression-valued category that resolves to kube-audit, enabling an admin "
    "entry whose enabled is an expression. Manual: an entry, logs array or properties given by "
    "an expression, an enabled flag not known under the parameter defaults.",
    {}};

std::string shown(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_text(const std::optional<nlohmann::json>& value, std::string_view text) {
  return value && value->is_string() &&
         equals_ignore_case(value->get_ref<const std::string&>(), text);
}

// The member `key` of a JSON object, ignoring case; nullptr when there is none.
const nlohmann::json* json_member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const nlohmann::json* found = nullptr;
  for (const auto& [name, member] : object.items()) {
    if (equals_ignore_case(name, key)) found = &member;
  }
  return found;
}

// The indices of the entries of a logs array (JSON) that enable kube-audit.
std::vector<std::size_t> enabled_kube_audit(const nlohmann::json* logs) {
  std::vector<std::size_t> found;
  if (logs == nullptr || !logs->is_array()) return found;
  for (std::size_t i = 0; i < logs->size(); ++i) {
    const nlohmann::json* category = json_member((*logs)[i], "category");
    const nlohmann::json* enabled = json_member((*logs)[i], "enabled");
    if (category != nullptr && is_text(*category, kKubeAudit) && enabled != nullptr &&
        enabled->is_boolean() && enabled->get<bool>())
      found.push_back(i);
  }
  return found;
}

// A value known under the defaults: a literal, or an expression that resolves.
std::optional<nlohmann::json> known(const ResourceModel& model, const ResourceRef& resource,
                                    ValueRef value) {
  if (value.is(Shape::Literal)) return model.literal(value);
  if (value.is(Shape::Expression)) return model.resolve(resource, value);
  return std::nullopt;
}

class SettingCheck {
 public:
  SettingCheck(const ResourceModel& model, const ResourceRef& setting,
               std::vector<Finding>& findings)
      : model_(model), setting_(setting), findings_(findings) {}

  void run() {
    ValueRef body = model_.body(setting_);
    if (!body.is(Shape::Object)) return;
    name_ = setting_name(body);
    ValueRef properties = model_.member(body, "properties");
    if (properties.is(Shape::Expression)) {
      auto resolved = model_.resolve(setting_, properties);
      const nlohmann::json* logs = resolved ? json_member(*resolved, "logs") : nullptr;
      for (std::size_t i : enabled_kube_audit(logs))
        manual(properties, "properties is the expression " + model_.excerpt(properties) +
                               ", under which logs" + element_key(i) + " enables kube-audit");
      return;
    }
    if (!properties.is(Shape::Object)) return;
    ValueRef logs = model_.member(properties, "logs");
    if (logs.is(Shape::Expression)) {
      auto resolved = model_.resolve(setting_, logs);
      for (std::size_t i : enabled_kube_audit(resolved ? &*resolved : nullptr))
        manual(logs, "logs is the expression " + model_.excerpt(logs) + ", under which logs" +
                         element_key(i) + " enables kube-audit");
      return;
    }
    if (!logs.is(Shape::Array)) return;
    path_ = {spelled(body, "properties"), spelled(properties, "logs")};
    entries_ = model_.elements(logs);
    find_admin_entry();
    for (std::size_t i = 0; i < entries_.size(); ++i)
      entry(i);
  }

 private:
  std::string setting_name(ValueRef body) const {
    ValueRef name = model_.member(body, "name");
    auto value = known(model_, setting_, name);
    if (!value || !value->is_string()) return setting_.name;
    std::string text = value->get<std::string>();
    return text.substr(text.rfind('/') + 1);
  }

  // The key of `object` that matches `key` ignoring case, as the file spells it.
  std::string spelled(ValueRef object, const std::string& key) const {
    for (const auto& [name, value] : model_.members(object)) {
      if (equals_ignore_case(name, key)) return name;
    }
    return key;
  }

  PropertyPath entry_path(std::size_t index, const std::string& key) const {
    PropertyPath path = path_;
    path.push_back(element_key(index));
    path.push_back(key);
    return path;
  }

  // The first literal kube-audit-admin entry of the setting, and whether it is enabled.
  void find_admin_entry() {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!entries_[i].is(Shape::Object)) continue;
      if (!is_text(known(model_, setting_, model_.member(entries_[i], "category")),
                   kKubeAuditAdmin))
        continue;
      admin_ = i;
      ValueRef enabled = model_.member(entries_[i], "enabled");
      auto value = known(model_, setting_, enabled);
      admin_enabled_ = value && value->is_boolean() && value->get<bool>();
      admin_expression_ = enabled.is(Shape::Expression);
      return;
    }
  }

  void entry(std::size_t index) {
    ValueRef entry = entries_[index];
    const std::string where = "logs" + element_key(index);
    if (entry.is(Shape::Expression)) {
      auto resolved = model_.resolve(setting_, entry);
      nlohmann::json one = nlohmann::json::array();
      if (resolved) one.push_back(*resolved);
      if (!enabled_kube_audit(&one).empty())
        manual(entry, where + " is the expression " + model_.excerpt(entry) +
                          ", which enables kube-audit");
      return;
    }
    if (!entry.is(Shape::Object)) return;
    ValueRef category = model_.member(entry, "category");
    if (!is_text(known(model_, setting_, category), kKubeAudit)) return;
    ValueRef enabled = model_.member(entry, "enabled");
    auto on = known(model_, setting_, enabled);
    if (enabled.is(Shape::Expression) && !on) {
      manual(entry,
             where + " has category kube-audit and enabled is the expression " +
                 model_.excerpt(enabled) + ", not known under the defaults",
             "if it can be true, use category " + shown(kKubeAuditAdmin) + " by hand", false);
      return;
    }
    if (!on || !on->is_boolean() || !on->get<bool>()) return;

    Finding finding = start(entry);
    const std::string enabled_key = spelled(entry, "enabled");
    if (admin_) {
      finding.intents.push_back(Intent::set(entry_path(index, enabled_key), false));
      if (admin_enabled_) {
        finding.message += where + " enables kube-audit beside an enabled kube-audit-admin " +
                           "entry; fix: set its enabled to false";
      } else {
        const std::string admin_key = spelled(entries_[*admin_], "enabled");
        finding.intents.push_back(Intent::set(entry_path(*admin_, admin_key), true));
        finding.message += where + " enables kube-audit while logs" + element_key(*admin_) +
                           " (kube-audit-admin) is not enabled; fix: enable logs" +
                           element_key(*admin_) + " and set this entry's enabled to false";
        if (admin_expression_) {
          finding.safety = Safety::Unsafe;
          finding.message += " (unsafe: replaces the expression of logs" + element_key(*admin_) +
                             ".enabled with true)";
        }
        admin_enabled_ = true;
      }
    } else {
      const std::string category_key = spelled(entry, "category");
      finding.intents.push_back(Intent::set(entry_path(index, category_key), kKubeAuditAdmin));
      finding.message +=
          where + " enables kube-audit; fix: use category " + shown(kKubeAuditAdmin) + " instead";
      if (category.is(Shape::Expression)) {
        finding.safety = Safety::Unsafe;
        finding.message += " (unsafe: replaces the expression " + model_.excerpt(category) +
                           ", which resolves to " + shown(kKubeAudit) + ")";
      }
      // A second kube-audit entry of the setting is disabled, not renamed into a duplicate.
      admin_ = index;
      admin_enabled_ = true;
      admin_expression_ = false;
    }
    findings_.push_back(std::move(finding));
  }

  Finding start(ValueRef at, bool certain = true) const {
    Finding finding;
    finding.rule = &kRule;
    finding.resource = setting_;
    finding.at = at;
    finding.message = "diagnostic setting '" + name_ + "' " +
                      (certain ? "collects" : "may collect") + " the 'kube-audit' logs: ";
    return finding;
  }

  // `advice` defaults to where the fix belongs: the expression's value, written elsewhere.
  void manual(ValueRef at, const std::string& problem, const std::string& advice = "",
              bool certain = true) {
    Finding finding = start(at, certain);
    finding.safety = Safety::Manual;
    finding.message +=
        problem + "; " +
        (advice.empty() ? "use category " + shown(kKubeAuditAdmin) + " where the value is written"
                        : advice);
    findings_.push_back(std::move(finding));
  }

  const ResourceModel& model_;
  const ResourceRef& setting_;
  std::vector<Finding>& findings_;
  std::string name_;  // the setting's, for messages
  PropertyPath path_;
  std::vector<ValueRef> entries_;
  std::optional<std::size_t> admin_;  // the kube-audit-admin entry, or the renamed one
  bool admin_enabled_ = false;
  bool admin_expression_ = false;
};

}  // namespace

const RuleInfo& AuditAdminFixer::info() const {
  return kRule;
}

std::string_view AuditAdminFixer::resource_type() const {
  return kManagedClusterType;
}

std::vector<Finding> AuditAdminFixer::check(const ResourceModel& model,
                                            const FixOptions& /*options*/) const {
  std::vector<Finding> findings;
  std::set<NodeId> seen;  // a setting two clusters could claim is judged once
  for (const auto& cluster : model.deployed(kManagedClusterType)) {
    for (const auto& setting : model.extensions_of(cluster, kDiagnosticSettingsType)) {
      if (!seen.insert(setting.node).second) continue;
      SettingCheck(model, setting, findings).run();
    }
  }
  return findings;
}

}  // namespace armfix
