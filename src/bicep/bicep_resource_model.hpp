// The resource model of a Bicep file: its `resource` declarations that deploy (not
// `existing`), top-level or nested in a deployed one, read through the lossless Bicep document.
#pragma once

#include "armfix/resource_model.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_evaluator.hpp"

namespace armfix {

class BicepResourceModel final : public ResourceModel {
 public:
  explicit BicepResourceModel(const BicepDocument& document)
      : doc_(document), evaluator_(document) {}

  std::vector<ResourceRef> deployed(std::string_view type) const override;
  ValueRef body(const ResourceRef& resource) const override;
  ValueRef member(ValueRef object, std::string_view key) const override;
  std::size_t member_count(ValueRef object, std::string_view key) const override;
  std::vector<ValueRef> elements(ValueRef array) const override;
  std::vector<std::pair<std::string, ValueRef>> members(ValueRef object) const override;
  std::optional<nlohmann::json> literal(ValueRef value) const override;
  std::optional<nlohmann::json> resolve(const ResourceRef& resource,
                                        ValueRef expression) const override;
  Evaluated evaluate(const ResourceRef& resource, ValueRef value) const override;
  std::optional<nlohmann::json> forced_by_union(const ResourceRef& resource, ValueRef expression,
                                                const PropertyPath& path) const override;
  std::string excerpt(ValueRef value) const override;
  ApiVersion api_version(const ResourceRef& resource) const override;
  std::string spell(const nlohmann::json& value) const override;
  std::string_view unit_name() const override { return "file"; }

  // bicep_model_references.cpp
  std::vector<ParameterRef> parameters(const ResourceRef& resource) const override;
  std::optional<ParameterRef> find_parameter(const ResourceRef& resource,
                                             std::string_view name) const override;
  std::optional<ParameterRef> referenced_parameter(const ResourceRef& resource,
                                                   ValueRef value) const override;
  nlohmann::ordered_json parameter_reference(std::string_view name) const override;
  std::optional<std::string> cannot_add_parameter(const ResourceRef& resource,
                                                  const std::string& name) const override;
  std::vector<ResourceRef> declared_beside(const ResourceRef& resource,
                                           std::string_view type) const override;
  // bicep_extension_resources.cpp
  std::vector<ResourceRef> extensions_of(const ResourceRef& target,
                                         std::string_view type) const override;
  std::optional<nlohmann::ordered_json> resource_id(const ResourceRef& target) const override;
  std::optional<nlohmann::ordered_json> copy_of(ValueRef value) const override;

  const BicepDocument& document() const { return doc_; }
  const BicepEvaluator& evaluator() const { return evaluator_; }
  ResourceRef ref_of(NodeId declaration) const;
  // The value node of a property, as the model's shapes see it.
  ValueRef value_at(NodeId node) const;

 private:
  struct Verdict {
    enum class Kind { Sets, LeavesIt, Unknown } kind = Kind::Unknown;
    nlohmann::json value;  // Sets
  };
  ParameterRef parameter_ref(NodeId declaration) const;
  void collect_deployed(NodeId declaration, const std::string& parent_type,
                        const JsonPointer& parent, std::string_view type,
                        std::vector<ResourceRef>& out) const;
  std::optional<nlohmann::json> evaluated_members(NodeId node) const;
  static Verdict in_json(const nlohmann::json& value, const PropertyPath& path, std::size_t depth);
  Verdict forced(NodeId value, const PropertyPath& path, std::size_t depth) const;

  const BicepDocument& doc_;
  BicepEvaluator evaluator_;  // caches what it evaluates: the model is used from one thread
};

}  // namespace armfix
