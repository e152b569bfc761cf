// The Bicep backend's writer of merged intents: changes for the Bicep editor, each with the
// findings it serves.
#pragma once

#include <vector>

#include "bicep/bicep_editor.hpp"
#include "bicep/bicep_resource_model.hpp"
#include "model/intent_merge.hpp"

namespace armfix {

struct OwnedBicepChange {
  Owners owners;
  BicepChange change;
};

class BicepChangeWriter final : public ChangeWriter {
 public:
  explicit BicepChangeWriter(const BicepResourceModel& model) : model_(model) {}

  void add_member(ValueRef object, const std::string& key, const nlohmann::ordered_json& value,
                  const Owners& owners) override;
  void replace(ValueRef value, const nlohmann::ordered_json& with, const Owners& owners) override;
  void wrap(ValueRef expression, const nlohmann::ordered_json& forced, bool null_safe,
            const nlohmann::ordered_json& defaults, const Owners& owners) override;
  void raise_api_version(const ResourceRef& resource, const std::string& version,
                         const Owners& owners) override;
  void migrate(ValueRef parent, const std::string& old_key, const Intent& intent,
               const Owners& owners) override;
  void add_parameter(const ResourceRef& resource, const Intent& intent,
                     const Owners& owners) override;
  // Bicep infers a dependency from a reference: nothing to write.
  void depend_on(const ResourceRef& /*resource*/, std::size_t /*target*/,
                 const Owners& /*owners*/) override {}

  std::vector<OwnedBicepChange>& changes() { return changes_; }

 private:
  // `forced` written into an object literal: members added, objects merged, values replaced.
  void merge_into(NodeId object, const nlohmann::ordered_json& forced, const Owners& owners);

  const BicepResourceModel& model_;
  std::vector<OwnedBicepChange> changes_;
};

// A JSON value as Bicep writes it: `true`, `'text'`, `12`, `null`, verbatim source as it is,
// objects laid out by the editor.
BicepValue bicep_value_of(const nlohmann::ordered_json& value);

}  // namespace armfix
