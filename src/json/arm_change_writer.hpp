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
            const nlohmann::ordered_json& defaults, const Owners& owners) override;
  void raise_api_version(const ResourceRef& resource, const std::string& version,
                         const Owners& owners) override;
  void migrate(ValueRef parent, const std::string& old_key, const Intent& intent,
               const Owners& owners) override;
  void add_parameter(const ResourceRef& resource, const Intent& intent,
                     const Owners& owners) override;
  void depend_on(const ResourceRef& resource, std::size_t target, const Owners& owners) override;

  std::vector<OwnedOperation>& operations() { return operations_; }

 private:
  void declare_parameter(std::size_t scope, const Intent& intent,
                         const std::optional<std::string>& default_value, const Owners& owners);

  const ArmResourceModel& model_;
  std::vector<OwnedOperation> operations_;
};

}  // namespace armfix
