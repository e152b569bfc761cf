// Merged intents as Bicep editor changes: properties added, values replaced in place,
// expression-valued objects wrapped as union(x, {...}).
#include "bicep/bicep_change_writer.hpp"

namespace armfix {

BicepValue bicep_value_of(const nlohmann::ordered_json& value) {
  if (auto source = verbatim_source(value)) return BicepValue::expression(*source);
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
                             bool null_safe, const nlohmann::ordered_json& defaults,
                             const Owners& owners) {
  const BicepDocument& doc = model_.document();
  BicepValue original =
      BicepValue::expression(std::string(doc.source(doc.node(expression.node).span)));
  if (doc.is(expression.node, BicepNodeKind::Call) &&
      equals_ignore_case(doc.call_name(expression.node), "union")) {
    // A union() whose last argument is an object literal, as armfix's own wrap: what is
    // forced goes into that object, not into one more union() around it.
    const auto arguments = doc.call_arguments(expression.node);
    if (defaults.is_null() && arguments.size() > 1 &&
        doc.is(arguments.back(), BicepNodeKind::Object)) {
      merge_into(arguments.back(), forced, owners);
      return;
    }
    // A union() never yields null: an earlier wrap needs no coalesce() again.
    null_safe = false;
  }
  std::vector<BicepValue> arguments;
  if (!defaults.is_null()) arguments.push_back(bicep_value_of(defaults));
  arguments.push_back(
      null_safe ? BicepValue::call("coalesce", {std::move(original), BicepValue::object({})})
                : std::move(original));
  arguments.push_back(bicep_value_of(forced));
  changes_.push_back(
      {owners, BicepChange::replace_value(expression.node,
                                          BicepValue::call("union", std::move(arguments)))});
}

void BicepChangeWriter::merge_into(NodeId object, const nlohmann::ordered_json& forced,
                                   const Owners& owners) {
  const BicepDocument& doc = model_.document();
  for (const auto& [key, value] : forced.items()) {
    NodeId member = doc.find_property(object, key);
    if (member == kNoNode) {
      changes_.push_back({owners, BicepChange::add_property(object, key, bicep_value_of(value))});
      continue;
    }
    NodeId old_value = doc.node(member).value;
    // union() merges objects deeply: an object over an object adds to it.
    if (value.is_object() && doc.is(old_value, BicepNodeKind::Object)) {
      merge_into(old_value, value, owners);
      continue;
    }
    changes_.push_back({owners, BicepChange::replace_value(old_value, bicep_value_of(value))});
  }
}

void BicepChangeWriter::raise_api_version(const ResourceRef& resource, const std::string& version,
                                          const Owners& owners) {
  const BicepDocument& doc = model_.document();
  changes_.push_back({owners, BicepChange::set_api_version(doc.node(resource.node).type, version)});
}

// The old object becomes the new one in place, so its comments and the members both share
// stay: the key is renamed, each renamed member is written over its old one, members the old
// object lacks (or holds as null, or holds otherwise) are written.
void BicepChangeWriter::migrate(ValueRef parent, const std::string& old_key, const Intent& intent,
                                const Owners& owners) {
  const BicepDocument& doc = model_.document();
  NodeId property = doc.find_property(parent.node, old_key);
  NodeId block = doc.node(property).value;
  changes_.push_back({owners, BicepChange::rename_key(property, intent.name)});
  auto renamed_to = [&](const std::string& key) -> const std::string* {
    for (const auto& [from, to] : intent.renamed) {
      if (equals_ignore_case(to, key)) return &from;
    }
    return nullptr;
  };
  for (const auto& [key, value] : intent.value.items()) {
    BicepValue written = bicep_value_of(value);
    if (const std::string* from = renamed_to(key)) {
      NodeId old_member = doc.find_property(block, *from);
      if (old_member != kNoNode) {
        changes_.push_back({owners, BicepChange::replace_property(old_member, key, written)});
        continue;
      }
    }
    NodeId member = doc.find_property(block, key);
    if (member == kNoNode) {
      changes_.push_back({owners, BicepChange::add_property(block, key, std::move(written))});
      continue;
    }
    NodeId old_value = doc.node(member).value;
    bool same = written.kind == BicepValue::Kind::Expression &&
                written.text == doc.source(doc.node(old_value).span);
    if (!same) {
      changes_.push_back({owners, BicepChange::replace_value(old_value, std::move(written))});
    }
  }
}

void BicepChangeWriter::add_parameter(const ResourceRef& /*resource*/, const Intent& intent,
                                      const Owners& owners) {
  changes_.push_back(
      {owners, BicepChange::add_parameter(intent.name, intent.description, intent.default_value)});
}

}  // namespace armfix
