// The resource model of an ARM template: its template view's deployed resources, read
// through the lossless document.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/resource_model.hpp"
#include "armfix/template_view.hpp"
#include "json/arm_evaluator.hpp"

namespace armfix {

class ArmResourceModel final : public ResourceModel {
 public:
  ArmResourceModel(const Document& document, const TemplateView& view);

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
  std::string_view unit_name() const override { return "template"; }

  // arm_model_references.cpp
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
  // arm_extension_resources.cpp
  std::vector<ResourceRef> extensions_of(const ResourceRef& target,
                                         std::string_view type) const override;
  std::optional<nlohmann::ordered_json> resource_id(const ResourceRef& target) const override;
  std::optional<nlohmann::ordered_json> copy_of(ValueRef value) const override;

  const Document& document() const { return doc_; }
  const TemplateView& view() const { return view_; }
  // The template view's record of a resource the model returned.
  const Resource* resource_of(const ResourceRef& resource) const;
  ResourceRef ref_of(const Resource& resource) const;
  // How dependsOn names `target`: its symbolic name, or its resourceId() expression; nullopt
  // when its name cannot be referenced.
  std::optional<std::string> dependency_entry(const Resource& target) const;
  // True when the dependsOn array of `from` already names `target`.
  bool already_depends(NodeId depends_on, const Resource& target) const;
  // arm_model_evaluation.cpp: an expression's value as the resource's expressions see it,
  // evaluated under the parameters' defaults (and the values nested deployments pass), as
  // PSRule expands a template; unknown with the reason when it depends on deployment input.
  Evaluated evaluate_text(const Resource& resource, const std::string& expression) const;
  std::optional<nlohmann::json> resolve_text(const Resource& resource,
                                             const std::string& expression) const;

 private:
  ValueRef value_at(NodeId node) const;
  ParameterRef parameter_ref(const Resource& resource, NodeId parameter) const;
  // The parameters and variables the expressions of view scope `scope` see, built on first use.
  const ArmScope& expression_scope(std::size_t scope) const;

  const Document& doc_;
  const TemplateView& view_;
  // One per template whose expressions were evaluated: its JSON, the parameters its deployment
  // passes, and the evaluator's scope over them (which points into both).
  struct EvaluationScope {
    nlohmann::json template_json;
    nlohmann::json passed;
    std::unique_ptr<TemplateExpressionScope> scope;
  };
  mutable std::map<std::size_t, std::unique_ptr<EvaluationScope>> evaluation_scopes_;
};

}  // namespace armfix
