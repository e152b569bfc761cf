// Merged intents as JSON Patch: members added under the document's own key spelling, values
// replaced in place, expression-valued objects wrapped as [union(x, createObject(...))].
#include "json/arm_change_writer.hpp"

#include "json/arm_expression.hpp"
#include "json/arm_union.hpp"

namespace armfix {

namespace {

// A literal string that starts with `[` is written `[[` so ARM does not read an expression.
nlohmann::ordered_json as_template_value(const nlohmann::ordered_json& value) {
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
                           bool null_safe, const Owners& owners) {
  const Document& doc = model_.document();
  std::string body(expression_body(doc.string_value(expression.node)));
  std::string inner = null_safe ? "coalesce(" + body + ", createObject())" : body;
  auto forced_argument = create_object_argument(forced);
  if (!forced_argument) return;
  operations_.push_back(
      {owners, PatchOperation::replace(doc.pointer_to(expression.node),
                                       "[union(" + inner + ", " + *forced_argument + ")]")});
}

void ArmChangeWriter::raise_api_version(const ResourceRef& resource, const std::string& version,
                                        const Owners& owners) {
  const Document& doc = model_.document();
  NodeId api = doc.find_member(resource.node, "apiVersion");
  if (api == kNoNode) return;
  operations_.push_back({owners, PatchOperation::replace(doc.pointer_to(api), version)});
}

}  // namespace armfix
