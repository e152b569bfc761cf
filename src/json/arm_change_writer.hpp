// The ARM backend's writer of merged intents: JSON Patch operations for the patch engine,
// each with the findings it serves.
#pragma once

#include <vector>

#include "armfix/engine.hpp"
#include "json/arm_resource_model.hpp"
#include "model/intent_merge.hpp"

namespace armfix {

// NOLINTNEXTLINE(bugprone-exception-escape): the check flags nlohmann::ordered_json's members.
struct OwnedOperation {
  Owners owners;
  PatchOperation operation;
};

class ArmChangeWriter final : public ChangeWriter {
 public:
  explicit ArmChangeWriter(const ArmResourceModel& model) : model_(model) {}

  void add_member(ValueRef object, const std::string& key, const nlohmann::ordered_json& value,
                  const Owners& owners) override;
  void replace(ValueRef value, const nlohmann::ordered_json& with, const Owners& owners) override;
  void wrap(ValueRef expression, const nlohmann::ordered_json& forced, bool null_safe,
            const Owners& owners) override;
  void raise_api_version(const ResourceRef& resource, const std::string& version,
                         const Owners& owners) override;

  std::vector<OwnedOperation>& operations() { return operations_; }

 private:
  const ArmResourceModel& model_;
  std::vector<OwnedOperation> operations_;
};

}  // namespace armfix
