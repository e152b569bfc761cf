// The resource model of an ARM template: its template view's deployed resources, read
// through the lossless document.
#pragma once

#include <vector>

#include "armfix/document.hpp"
#include "armfix/resource_model.hpp"
#include "armfix/template_view.hpp"

namespace armfix {

class ArmResourceModel final : public ResourceModel {
 public:
  ArmResourceModel(const Document& document, const TemplateView& view);

  std::vector<ResourceRef> deployed(std::string_view type) const override;
  ValueRef body(const ResourceRef& resource) const override;
  ValueRef member(ValueRef object, std::string_view key) const override;
  std::size_t member_count(ValueRef object, std::string_view key) const override;
  std::vector<ValueRef> elements(ValueRef array) const override;
  std::optional<nlohmann::json> literal(ValueRef value) const override;
  std::optional<nlohmann::json> resolve(const ResourceRef& resource,
                                        ValueRef expression) const override;
  std::optional<nlohmann::json> forced_by_union(ValueRef expression,
                                                const PropertyPath& path) const override;
  std::string excerpt(ValueRef value) const override;
  ApiVersion api_version(const ResourceRef& resource) const override;

  const Document& document() const { return doc_; }
  const TemplateView& view() const { return view_; }
  // The template view's record of a resource the model returned.
  const Resource* resource_of(const ResourceRef& resource) const;
  // An expression's value as the resource's expressions see it: true(), false(), and
  // parameters('x') / variables('y') with literal values, as PSRule resolves them.
  std::optional<nlohmann::json> resolve_text(const Resource& resource,
                                             const std::string& expression) const;

 private:
  ValueRef value_at(NodeId node) const;

  const Document& doc_;
  const TemplateView& view_;
};

}  // namespace armfix
