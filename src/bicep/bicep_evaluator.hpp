// Evaluating Bicep expressions under the parameters' default values, three-valued, as the file
// compiles to ARM and ARM evaluates it (docs/expressions.md): a value is known, or unknown with
// the deployment-time input it depends on.
//
// Operators and functions compile to ARM template functions (`a == b` to equals(), `c ? x : y`
// to if(), `'${x}'` to format()), and are evaluated by the ARM evaluator's implementations of
// those functions, so both languages agree on every function they share.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "armfix/evaluated.hpp"
#include "bicep/bicep_document.hpp"

namespace armfix {

// Symbols are evaluated once and cached, so an evaluator must not be used from two threads at
// once. The document must outlive it.
class BicepEvaluator {
 public:
  explicit BicepEvaluator(const BicepDocument& document);

  // The value of an expression node; never throws.
  Evaluated evaluate(NodeId expression) const;
  // The value of the parameter or variable `name` (a top-level symbol).
  Evaluated symbol_value(std::string_view name) const;

 private:
  Evaluated eval(NodeId node) const;
  Evaluated eval_kind(NodeId node) const;

  // Symbols: parameters, variables, resources and modules.
  Evaluated symbol(NodeId identifier) const;
  Evaluated declared_value(NodeId declaration) const;
  Evaluated compute_declared(NodeId declaration) const;
  Evaluated parameter_value(NodeId declaration) const;
  Evaluated resource_member(NodeId declaration, std::string_view member) const;
  NodeId resource_symbol(NodeId expression) const;

  // Literals.
  Evaluated number(NodeId node) const;
  Evaluated string_literal(NodeId node) const;
  Evaluated interpolated(NodeId node) const;
  Evaluated object(NodeId node) const;
  Evaluated array(NodeId node) const;
  Evaluated property_key(NodeId property, std::string& key) const;

  // Operators and calls.
  Evaluated access(NodeId node) const;
  Evaluated index(NodeId node) const;
  Evaluated unary(NodeId node) const;
  Evaluated binary(NodeId node) const;
  Evaluated arithmetic(std::string_view op, NodeId left, NodeId right) const;
  Evaluated ternary(NodeId node) const;
  Evaluated call(NodeId node) const;
  bool safe_after(NodeId target, std::uint32_t end) const;

  const BicepDocument& doc_;
  std::unordered_map<std::string_view, NodeId> symbols_;  // top-level declarations by symbol
  mutable std::map<NodeId, Evaluated> cache_;             // by declaration
  mutable std::set<NodeId> in_progress_;
  mutable int depth_ = 0;
};

}  // namespace armfix
