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
            const Owners& owners) override;
  void raise_api_version(const ResourceRef& resource, const std::string& version,
                         const Owners& owners) override;

  std::vector<OwnedBicepChange>& changes() { return changes_; }

 private:
  const BicepResourceModel& model_;
  std::vector<OwnedBicepChange> changes_;
};

// A JSON value as Bicep writes it: `true`, `'text'`, `12`, `null`, objects laid out by the
// editor.
BicepValue bicep_value_of(const nlohmann::ordered_json& value);

}  // namespace armfix
