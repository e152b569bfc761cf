// Merged intents as Bicep editor changes: properties added, values replaced in place,
// expression-valued objects wrapped as union(x, {...}).
#include "bicep/bicep_change_writer.hpp"

namespace armfix {

BicepValue bicep_value_of(const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    std::vector<BicepMember> members;
    for (const auto& [key, member] : value.items())
      members.push_back(BicepMember{key, bicep_value_of(member)});
    return BicepValue::object(std::move(members));
  }
  if (value.is_string())
    return BicepValue::expression(quote_bicep_string(value.get<std::string>()));
  if (value.is_boolean()) return BicepValue::expression(value.get<bool>() ? "true" : "false");
  if (value.is_null()) return BicepValue::expression("null");
  return BicepValue::expression(value.dump());
}

void BicepChangeWriter::add_member(ValueRef object, const std::string& key,
                                   const nlohmann::ordered_json& value, const Owners& owners) {
  changes_.push_back({owners, BicepChange::add_property(object.node, key, bicep_value_of(value))});
}

void BicepChangeWriter::replace(ValueRef value, const nlohmann::ordered_json& with,
                                const Owners& owners) {
  changes_.push_back({owners, BicepChange::replace_value(value.node, bicep_value_of(with))});
}

void BicepChangeWriter::wrap(ValueRef expression, const nlohmann::ordered_json& forced,
                             bool null_safe, const Owners& owners) {
  const BicepDocument& doc = model_.document();
  BicepValue original =
      BicepValue::expression(std::string(doc.source(doc.node(expression.node).span)));
  std::vector<BicepValue> arguments;
  arguments.push_back(
      null_safe ? BicepValue::call("coalesce", {std::move(original), BicepValue::object({})})
                : std::move(original));
  arguments.push_back(bicep_value_of(forced));
  changes_.push_back(
      {owners, BicepChange::replace_value(expression.node,
                                          BicepValue::call("union", std::move(arguments)))});
}

void BicepChangeWriter::raise_api_version(const ResourceRef& resource, const std::string& version,
                                          const Owners& owners) {
  const BicepDocument& doc = model_.document();
  changes_.push_back({owners, BicepChange::set_api_version(doc.node(resource.node).type, version)});
}

}  // namespace armfix
