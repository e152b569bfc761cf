// The Bicep editor: changes a fixer asks for in Bicep terms, written as minimal byte edits.
//
// The Bicep counterpart of the JSON patch engine. A fixer names the node to change and the
// value to write; the editor places it the way the file's author would have typed it (the
// object's own indentation, the file's line ending, one-line objects kept on one line) and
// never lets two edits overlap.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "armfix/engine.hpp"
#include "armfix/result.hpp"
#include "bicep/bicep_document.hpp"

namespace armfix {

struct BicepMember;

// A value to write: Bicep expression text, an object of named values, or a call whose
// arguments are values (so objects inside it are laid out like any other).
struct BicepValue {
  enum class Kind { Expression, Object, Call };
  Kind kind = Kind::Expression;
  std::string text;                   // Expression: the expression; Call: the function
  std::vector<BicepMember> members;   // Object
  std::vector<BicepValue> arguments;  // Call

  static BicepValue expression(std::string text);
  static BicepValue object(std::vector<BicepMember> members);
  static BicepValue call(std::string function, std::vector<BicepValue> arguments);
};

struct BicepMember {
  std::string key;
  BicepValue value;
};

enum class BicepChangeKind {
  AddProperty,      // append `key: value` to the object `target`
  ReplaceValue,     // write `value` over the expression `target`
  ReplaceProperty,  // write `key: value` over the property `target` (decorators kept)
  RenameKey,        // write `key` over the key of the property `target`
  SetApiVersion,    // write `text` over the apiVersion of the resource type string `target`
  AddParameter,     // declare `param key string` (= default) with a description
};

struct BicepChange {
  BicepChangeKind kind = BicepChangeKind::AddProperty;
  NodeId target = kNoNode;
  std::string key;  // a property key, an apiVersion, or a parameter name
  BicepValue value;
  std::string description;                   // AddParameter
  std::optional<std::string> default_value;  // AddParameter: the value of a string default

  static BicepChange add_property(NodeId object, std::string key, BicepValue value);
  static BicepChange replace_value(NodeId expression, BicepValue value);
  static BicepChange replace_property(NodeId property, std::string key, BicepValue value);
  static BicepChange rename_key(NodeId property, std::string key);
  static BicepChange set_api_version(NodeId type_string, std::string api_version);
  static BicepChange add_parameter(std::string name, std::string description,
                                   std::optional<std::string> default_value);
};

struct BicepEditError {
  std::string message;
};

// The changes as byte edits against the document's text: sorted, never overlapping. Several
// properties added to one object become one insertion, in the order given.
Result<std::vector<TextEdit>, BicepEditError> render_bicep_changes(
    const BicepDocument& document, const std::vector<BicepChange>& changes);

// A property key as Bicep writes it: bare when it is an identifier, else quoted.
std::string bicep_key(const std::string& key);

}  // namespace armfix
