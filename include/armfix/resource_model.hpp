// The resource model: what a rule sees of a file, whatever its language.
//
// Between the backends and the rules. The ARM document (through its template view) and the
// Bicep document both implement it, so a rule reads deployed resources, their members and the
// shape of each value without knowing which language it reads. Member lookups ignore case, as
// Azure compares property names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "armfix/evaluated.hpp"
#include "armfix/json_pointer.hpp"

namespace armfix {

// Keys below a resource, outermost first, as the API spells them: {"properties", "sku"}. An
// element of an array is its index in brackets, element_key(0) == "[0]":
// {"properties", "agentPoolProfiles", "[0]", "type"}.
using PropertyPath = std::vector<std::string>;

// The key of the array element at `index`, and the index a key names (nullopt for a member).
std::string element_key(std::size_t index);
std::optional<std::size_t> element_index(std::string_view key);

// How a value is given.
enum class Shape {
  Missing,     // no such member
  Null,        // null
  Object,      // an object literal
  Array,       // an array literal
  Literal,     // a string, number or boolean literal
  Expression,  // anything computed: an ARM `[...]` string, a Bicep symbol, call or operator
};

// One value of the document; `node` is the backend's own handle.
struct ValueRef {
  NodeId node = kNoNode;
  Shape shape = Shape::Missing;

  bool is(Shape wanted) const { return shape == wanted; }
  // Missing or null: a fix may write the value as if it were absent.
  bool absent() const { return shape == Shape::Missing || shape == Shape::Null; }
};

// One deployed resource.
struct ResourceRef {
  NodeId node = kNoNode;   // the backend's handle of the resource
  std::size_t index = 0;   // the backend's own index of it
  std::string name;        // as findings name it: the `name` value or the symbolic name
  JsonPointer pointer;     // identifies the resource in reports, in either language
  std::size_t offset = 0;  // where findings about it point
  std::string label;       // what a reader knows it by: its symbolic or literal name, or empty
  bool existing = false;   // a reference to a resource deployed elsewhere
};

// A parameter a resource's expressions can use.
struct ParameterRef {
  std::string name;  // as declared
  bool is_string = false;
  Evaluated value;  // what it holds under the defaults: its default, or the value passed down
};

// A resource's apiVersion as written, and as known under the parameter defaults.
struct ApiVersion {
  std::string text;                     // the literal, or the expression's source
  bool is_expression = false;           // given by an expression (ARM only)
  std::optional<std::string> resolved;  // the literal version, when known
};

class ResourceModel {
 public:
  virtual ~ResourceModel() = default;

  // Every resource of `type` (ignoring case) the file deploys: not `existing` references.
  virtual std::vector<ResourceRef> deployed(std::string_view type) const = 0;
  // The resource's own object: the value paths start from.
  virtual ValueRef body(const ResourceRef& resource) const = 0;
  // The member `key` of an object (ignoring case); Missing when `object` is no object.
  virtual ValueRef member(ValueRef object, std::string_view key) const = 0;
  // How many members of `object` are named `key` ignoring case; more than one is ambiguous.
  virtual std::size_t member_count(ValueRef object, std::string_view key) const = 0;
  virtual std::vector<ValueRef> elements(ValueRef array) const = 0;
  // The members of an object with their keys, in document order; empty for anything else.
  virtual std::vector<std::pair<std::string, ValueRef>> members(ValueRef object) const = 0;
  // A literal's value: a string, number or boolean, or null; nullopt for anything else.
  virtual std::optional<nlohmann::json> literal(ValueRef value) const = 0;
  // An expression's value under the parameter defaults and variables, when it is made of
  // literals the backend can tell; nullopt when it depends on what only a deployment knows.
  virtual std::optional<nlohmann::json> resolve(const ResourceRef& resource,
                                                ValueRef expression) const = 0;
  // Any value under the parameter defaults and variables, three-valued: known, or unknown with
  // the deployment input it depends on (docs/expressions.md). Missing is unknown.
  virtual Evaluated evaluate(const ResourceRef& resource, ValueRef value) const = 0;
  // The value `path` holds in a union(): what the last argument that says anything about it
  // sets (armfix's own wrap of an expression-valued object has this shape), an argument that is
  // a variable or parameter read member by member under the defaults; nullopt when it is not
  // known.
  virtual std::optional<nlohmann::json> forced_by_union(const ResourceRef& resource,
                                                        ValueRef expression,
                                                        const PropertyPath& path) const = 0;
  // The value's source on one line, cut to a readable length, for messages.
  virtual std::string excerpt(ValueRef value) const = 0;
  virtual ApiVersion api_version(const ResourceRef& resource) const = 0;
  // A JSON value as the language writes it, for messages: `"text"` in ARM, `'text'` in Bicep.
  virtual std::string spell(const nlohmann::json& value) const = 0;
  // What declarations live in, for messages: "template" or "file".
  virtual std::string_view unit_name() const = 0;

  // What a fix may wire a resource to. Values a fix writes from here are verbatim() source.
  //
  // The parameters the resource's expressions see, in declaration order.
  virtual std::vector<ParameterRef> parameters(const ResourceRef& resource) const = 0;
  // The parameter `name`, matched as the language matches names; nullopt when undeclared.
  virtual std::optional<ParameterRef> find_parameter(const ResourceRef& resource,
                                                     std::string_view name) const = 0;
  // The parameter `value` refers to when it is nothing but a reference to one: `x` in Bicep,
  // `[parameters('x')]` in ARM; nullopt for anything else.
  virtual std::optional<ParameterRef> referenced_parameter(const ResourceRef& resource,
                                                           ValueRef value) const = 0;
  // A reference to the parameter `name`, as the resource's expressions spell it.
  virtual nlohmann::ordered_json parameter_reference(std::string_view name) const = 0;
  // Why the string parameter `name` cannot be added for the resource; nullopt when it can.
  virtual std::optional<std::string> cannot_add_parameter(const ResourceRef& resource,
                                                          const std::string& name) const = 0;
  // Every resource of `type` declared beside the resource (in its template, or its file),
  // deployed or `existing`, in document order.
  virtual std::vector<ResourceRef> declared_beside(const ResourceRef& resource,
                                                   std::string_view type) const = 0;
  // Every deployed extension resource of `type` (a provider's type such as
  // Microsoft.Insights/diagnosticSettings) that the file ties to `target`, in document order:
  // one whose `scope` names it (ARM: `format('<target type>/{0}', name)`, `resourceId('<target
  // type>', name)`, its literal ID, or its symbolic name in languageVersion 2.0; Bicep: its
  // symbol), one declared in its body, and the child form `<target type>/providers/<type without
  // its namespace>`, nested in it or named `<target name>/<namespace>/<name>`. A name matches
  // as written in the same template, or by its value under the defaults.
  virtual std::vector<ResourceRef> extensions_of(const ResourceRef& target,
                                                 std::string_view type) const = 0;
  // The resource ID of `target` for expressions beside it; nullopt when it has no single ID
  // (a loop, a condition, a computed name that cannot be referenced).
  virtual std::optional<nlohmann::ordered_json> resource_id(const ResourceRef& target) const = 0;
  // `value` as a fix would write it at another place of the file; nullopt when it cannot be
  // copied as it is.
  virtual std::optional<nlohmann::ordered_json> copy_of(ValueRef value) const = 0;

  // The value at `path` below the resource, through objects and, by element keys, arrays.
  ValueRef at(const ResourceRef& resource, const PropertyPath& path) const;
  // The element `key` names of an array; Missing for a member key, another value or an index
  // past the end.
  ValueRef element(ValueRef array, std::string_view key) const;
};

// Paths compare ignoring case, as Azure compares keys.
bool same_path(const PropertyPath& a, const PropertyPath& b);
bool contains_path(const std::vector<PropertyPath>& paths, const PropertyPath& path);
// The value at `path` inside a JSON value, keys compared ignoring case; nullopt where a level
// is missing or no object.
std::optional<nlohmann::json> json_at(const nlohmann::json& value, const PropertyPath& path);

// Long source text is cut so a finding stays one readable line; runs of white space become one.
std::string shorten_source(std::string_view text);

}  // namespace armfix
