// Merged intents as JSON Patch: members added under the document's own key spelling, values
// replaced in place, expression-valued objects wrapped as [union(x, createObject(...))].
#include "json/arm_change_writer.hpp"

#include "json/arm_expression.hpp"
#include "json/arm_union.hpp"

namespace armfix {

namespace {

// A literal string that starts with `[` is written `[[` so ARM does not read an expression;
// verbatim source is written as it is.
nlohmann::ordered_json as_template_value(const nlohmann::ordered_json& value) {
  if (auto source = verbatim_source(value)) return *source;
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.front() == '[') return "[" + text;
    return value;
  }
  if (!value.is_object()) return value;
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [key, member] : value.items())
    object[key] = as_template_value(member);
  return object;
}

}  // namespace

void ArmChangeWriter::add_member(ValueRef object, const std::string& key,
                                 const nlohmann::ordered_json& value, const Owners& owners) {
  const Document& doc = model_.document();
  operations_.push_back(
      {owners, PatchOperation::add(doc.pointer_to(object.node) / key, as_template_value(value))});
}

void ArmChangeWriter::replace(ValueRef value, const nlohmann::ordered_json& with,
                              const Owners& owners) {
  const Document& doc = model_.document();
  operations_.push_back(
      {owners, PatchOperation::replace(doc.pointer_to(value.node), as_template_value(with))});
}

void ArmChangeWriter::wrap(ValueRef expression, const nlohmann::ordered_json& forced,
                           bool null_safe, const nlohmann::ordered_json& defaults,
                           const Owners& owners) {
  const Document& doc = model_.document();
  const std::string text = doc.string_value(expression.node);
  std::string body(expression_body(text));
  if (defaults.is_null()) {
    if (auto extended = extend_union_wrap(text, as_template_value(forced))) {
      operations_.push_back(
          {owners, PatchOperation::replace(doc.pointer_to(expression.node), std::move(*extended))});
      return;
    }
  }
  // A union() never yields null: an earlier wrap needs no coalesce() again.
  if (is_union_call(text)) null_safe = false;
  std::string arguments = null_safe ? "coalesce(" + body + ", createObject())" : body;
  if (!defaults.is_null()) {
    auto defaults_argument = create_object_argument(as_template_value(defaults));
    if (!defaults_argument) return;
    arguments = *defaults_argument + ", " + arguments;
  }
  auto forced_argument = create_object_argument(as_template_value(forced));
  if (!forced_argument) return;
  operations_.push_back(
      {owners, PatchOperation::replace(doc.pointer_to(expression.node),
                                       "[union(" + arguments + ", " + *forced_argument + ")]")});
}

void ArmChangeWriter::raise_api_version(const ResourceRef& resource, const std::string& version,
                                        const Owners& owners) {
  const Document& doc = model_.document();
  NodeId api = doc.find_member(resource.node, "apiVersion");
  if (api == kNoNode) return;
  operations_.push_back({owners, PatchOperation::replace(doc.pointer_to(api), version)});
}

// JSON has no way to rename a member in place: the old one goes, the new one is added.
void ArmChangeWriter::migrate(ValueRef parent, const std::string& old_key, const Intent& intent,
                              const Owners& owners) {
  const Document& doc = model_.document();
  NodeId old_member = doc.find_member(parent.node, old_key);
  operations_.push_back({owners, PatchOperation::remove(doc.pointer_to(old_member))});
  operations_.push_back({owners, PatchOperation::add(doc.pointer_to(parent.node) / intent.name,
                                                     as_template_value(intent.value))});
}

void ArmChangeWriter::declare_parameter(std::size_t scope, const Intent& intent,
                                        const std::optional<std::string>& default_value,
                                        const Owners& owners) {
  const Document& doc = model_.document();
  const TemplateView& view = model_.view();
  NodeId parameters = view.parameters_of(scope);
  if (doc.find_member(parameters, intent.name) != kNoNode) return;
  nlohmann::ordered_json definition = {{"type", "string"}};
  if (default_value) definition["defaultValue"] = *default_value;
  definition["metadata"] = {{"description", intent.description}};
  if (parameters == kNoNode) {
    JsonPointer at = doc.pointer_to(view.scopes()[scope].template_node);
    operations_.push_back(
        {owners, PatchOperation::add(at / "parameters",
                                     nlohmann::ordered_json{{intent.name, definition}})});
  } else {
    operations_.push_back(
        {owners, PatchOperation::add(doc.pointer_to(parameters) / intent.name, definition)});
  }
}

// Declared where the resource's expressions look for it and passed down through every
// inner-scope nested deployment from the top-level template, which gets the default.
void ArmChangeWriter::add_parameter(const ResourceRef& resource, const Intent& intent,
                                    const Owners& owners) {
  const Document& doc = model_.document();
  const Resource* declared = model_.resource_of(resource);
  if (declared == nullptr) return;
  const auto& scopes = model_.view().scopes();
  std::size_t scope = scopes[declared->scope].expression_scope;
  const std::string reference = "[parameters(" + quote_literal(intent.name) + ")]";
  while (scopes[scope].parent != kNoScope) {
    declare_parameter(scope, intent, std::nullopt, owners);
    NodeId deployment_properties = doc.find_member(scopes[scope].deployment, "properties");
    NodeId passed = doc.find_member(deployment_properties, "parameters");
    nlohmann::ordered_json pass_through = {{"value", reference}};
    if (passed == kNoNode) {
      operations_.push_back(
          {owners, PatchOperation::add(doc.pointer_to(deployment_properties) / "parameters",
                                       nlohmann::ordered_json{{intent.name, pass_through}})});
    } else if (doc.find_member(passed, intent.name) == kNoNode) {
      operations_.push_back(
          {owners, PatchOperation::add(doc.pointer_to(passed) / intent.name, pass_through)});
    }
    scope = scopes[scopes[scope].parent].expression_scope;
  }
  declare_parameter(scope, intent, intent.default_value, owners);
}

void ArmChangeWriter::depend_on(const ResourceRef& resource, std::size_t target,
                                const Owners& owners) {
  const Document& doc = model_.document();
  const auto& resources = model_.view().resources();
  if (target >= resources.size() || resources[target].existing) return;
  auto entry = model_.dependency_entry(resources[target]);
  if (!entry) return;
  NodeId depends_on = doc.find_member(resource.node, "dependsOn");
  if (depends_on == kNoNode) {
    operations_.push_back({owners, PatchOperation::add(resource.pointer / "dependsOn",
                                                       nlohmann::ordered_json::array({*entry}))});
  } else if (doc.is_array(depends_on) && !model_.already_depends(depends_on, resources[target])) {
    operations_.push_back({owners, PatchOperation::add(doc.pointer_to(depends_on) / "-", *entry)});
  }
}

}  // namespace armfix
