// One file through every stage: parse, view, fix, apply, verify, and check idempotence.
#include "armfix/pipeline.hpp"

#include <algorithm>

#include "armfix/bicep_pipeline.hpp"
#include "json/arm_change_writer.hpp"
#include "json/arm_expression.hpp"
#include "model/edit_owners.hpp"
#include "model/settled_intents.hpp"

namespace armfix {

namespace {

std::vector<Finding> run_rules(const Document& document, const TemplateView& view,
                               const PipelineOptions& options, std::size_t* resources = nullptr) {
  std::vector<Finding> findings;
  std::vector<std::string_view> types_counted;
  for (const Fixer* fixer : selected_rules(options)) {
    if (resources != nullptr && first_of_its_type(fixer, types_counted))
      *resources += view.deployed(fixer->resource_type()).size();
    for (auto& finding : fixer->check(document, view, options.fix)) {
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

SourceError internal_error(const Document& document, NodeId node, const std::string& message) {
  std::size_t offset = node == kNoNode ? 0 : document.node(node).value.begin;
  return SourceError{document.position(offset), offset, "internal error: " + message};
}

// The rules' intents, settled, merged per resource and written as JSON Patch operations,
// each with the findings it serves; or why one cannot be written.
Result<std::vector<OwnedOperation>, std::string> render_intents(const Document& document,
                                                                const TemplateView& view,
                                                                std::vector<Finding>& findings,
                                                                bool unsafe_fixes) {
  const ArmResourceModel model(document, view);
  std::vector<OwnedOperation> operations;
  for (const auto& resource : settle_intents(findings, unsafe_fixes)) {
    ArmChangeWriter writer(model);
    if (auto problem = write_merged(model, resource.resource, resource.intents, writer)) {
      return "the fix of '" + resource.resource.name + "' cannot be written: " + *problem;
    }
    for (auto& owned : writer.operations())
      operations.push_back(std::move(owned));
  }
  return operations;
}

// The original text an operation works in: the container it adds to, the member it replaces
// or removes (or, where a path does not exist yet, its deepest existing parent).
Span anchor_of(const Document& document, const PatchOperation& operation) {
  JsonPointer path = operation.kind == PatchOpKind::Add ? operation.path.parent() : operation.path;
  NodeId node = document.resolve(path);
  while (node == kNoNode && !path.is_root()) {
    path = path.parent();
    node = document.resolve(path);
  }
  if (node == kNoNode) return Span{0, static_cast<std::uint32_t>(document.text().size())};
  const Node& n = document.node(node);
  if (operation.kind != PatchOpKind::Add && n.key.size() > 0) return Span{n.key.begin, n.value.end};
  return n.value;
}

// Rules on the resource model merge their intents; Defender's own fixer writes operations.
// Where both change one value, each operation is given the merged value, so the operations of
// every finding still describe the result and the engine applies the value once:
// - two raises of one apiVersion raise it to the later version, which has what both need;
// - two union() wraps of one expression-valued object become one, the second's forced object
//   joining the first's union(), where the last argument that sets a path wins;
// - two objects written at one path (`properties` added to a cluster that has none, or
//   written over a null one) become one object holding what both add.
using Operations = std::vector<PatchOperation*>;

bool is_raise(const PatchOperation& op) {
  const auto& tokens = op.path.tokens();
  return op.kind == PatchOpKind::Replace && op.value.is_string() && !tokens.empty() &&
         equals_ignore_case(tokens.back(), "apiVersion");
}

bool is_wrap(const PatchOperation& op) {
  return op.kind == PatchOpKind::Replace && op.value.is_string() &&
         op.value.get_ref<const std::string&>().rfind("[union(", 0) == 0;
}

// The arguments after the expression in a union() wrap of `original` (the expression's body):
// `[union(<original>, <rest>)]`, the original possibly coalesced first; nullopt for another
// shape.
std::optional<std::string> arguments_after(const std::string& wrap, const std::string& original) {
  for (const std::string& inner : {original, "coalesce(" + original + ", createObject())"}) {
    const std::string head = "[union(" + inner + ", ";
    if (wrap.size() > head.size() + 2 && wrap.compare(0, head.size(), head) == 0 &&
        wrap.compare(wrap.size() - 2, 2, ")]") == 0) {
      return wrap.substr(head.size(), wrap.size() - head.size() - 2);
    }
  }
  return std::nullopt;
}

// `into` with `other` merged in, or nullopt when the two are not one value's changes.
std::optional<nlohmann::ordered_json> merged_value(const Document& document,
                                                   const PatchOperation& into,
                                                   const PatchOperation& other) {
  if (into.kind != other.kind || into.path != other.path || into.kind == PatchOpKind::Remove) {
    return std::nullopt;
  }
  if (is_raise(into) && is_raise(other)) {
    return std::max(into.value.get<std::string>(), other.value.get<std::string>());
  }
  if (is_wrap(into) && is_wrap(other)) {
    NodeId target = document.resolve(into.path);
    if (!document.is_string(target)) return std::nullopt;
    const std::string original(expression_body(document.string_value(target)));
    auto rest = arguments_after(other.value.get<std::string>(), original);
    if (!rest) return std::nullopt;
    std::string merged = into.value.get<std::string>();
    merged.resize(merged.size() - 2);
    return merged + ", " + *rest + ")]";
  }
  if (into.value.is_object() && other.value.is_object()) {
    nlohmann::ordered_json merged = into.value;
    for (const auto& [key, value] : other.value.items()) {
      if (!merged.contains(key)) merged[key] = value;
    }
    return merged;
  }
  return std::nullopt;
}

void merge_same_values(const Document& document, const Operations& operations) {
  std::vector<bool> merged(operations.size(), false);
  for (std::size_t i = 0; i < operations.size(); ++i) {
    if (merged[i]) continue;
    std::vector<std::size_t> group{i};
    for (std::size_t j = i + 1; j < operations.size(); ++j) {
      if (merged[j] || *operations[j] == *operations[i]) continue;
      if (auto value = merged_value(document, *operations[i], *operations[j])) {
        operations[i]->value = std::move(*value);
        group.push_back(j);
        merged[j] = true;
      }
    }
    for (std::size_t member : group)
      operations[member]->value = operations[i]->value;
  }
}

std::uint32_t finding_offset(const Document& document, NodeId node) {
  const Node& n = document.node(node);
  return n.key.size() > 0 ? n.key.begin : n.value.begin;
}

}  // namespace

std::vector<const Fixer*> selected_rules(const PipelineOptions& options) {
  if (!options.rules.empty()) return options.rules;
  std::vector<const Fixer*> all;
  for (const auto& fixer : registered_fixers())
    all.push_back(fixer.get());
  return all;
}

// True the first time a rule of its resource type is met: a resource several rules check is
// one resource.
bool first_of_its_type(const Fixer* fixer, std::vector<std::string_view>& types_counted) {
  for (auto type : types_counted) {
    if (equals_ignore_case(type, fixer->resource_type())) return false;
  }
  types_counted.push_back(fixer->resource_type());
  return true;
}

FileOutcome fix_text(std::string_view text, const PipelineOptions& options) {
  FileOutcome outcome;
  auto parsed = Document::parse_borrowed(text);  // `text` outlives every document made here
  if (!parsed) {
    outcome.kind = FileKind::Invalid;
    outcome.error = parsed.error();
    return outcome;
  }
  const Document& document = parsed.value();
  if (!is_deployment_template(document)) {
    outcome.kind = FileKind::NotTemplate;
    return outcome;
  }
  const TemplateView view(document);
  if (auto ambiguity = view.ambiguity()) {
    outcome.kind = FileKind::Invalid;
    outcome.error = std::move(ambiguity);
    return outcome;
  }
  outcome.compiled_from_bicep = is_compiled_from_bicep(document);

  std::vector<Finding> findings = run_rules(document, view, options, &outcome.resources);
  auto rendered = render_intents(document, view, findings, options.unsafe_fixes);
  std::vector<PatchOperation> operations;
  std::vector<EditAnchor> anchors;
  if (rendered) {
    // An operation is kept by the first finding it serves; its anchor names all of them.
    for (auto& owned : rendered.value()) {
      anchors.push_back(EditAnchor{anchor_of(document, owned.operation), owned.owners});
      findings[owned.owners.front()].operations.push_back(std::move(owned.operation));
    }
  }
  std::size_t first_applied = findings.size();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& finding = findings[i];
    ReportedFinding reported;
    reported.position = document.position(finding_offset(document, finding.node));
    reported.applied = is_applicable(finding, options.unsafe_fixes) && has_fix(finding);
    if (reported.applied) {
      first_applied = std::min(first_applied, i);
      for (const auto& operation : finding.operations)
        anchors.push_back(EditAnchor{anchor_of(document, operation), {i}});
    }
    reported.finding = std::move(finding);
    outcome.findings.push_back(std::move(reported));
  }
  Operations applied;
  for (auto& reported : outcome.findings) {
    if (!reported.applied) continue;
    for (auto& operation : reported.finding.operations)
      applied.push_back(&operation);
  }
  merge_same_values(document, applied);
  for (const PatchOperation* operation : applied) {
    // One operation for a value several findings change the same way.
    bool again = std::any_of(operations.begin(), operations.end(),
                             [&](const PatchOperation& earlier) { return earlier == *operation; });
    if (!again) operations.push_back(*operation);
  }
  if (!rendered) {
    outcome.error = internal_error(document, document.root(), rendered.error());
    for (auto& reported : outcome.findings)
      reported.applied = false;
    return outcome;
  }
  if (operations.empty()) return outcome;

  auto patched = apply_patch(document, operations);
  if (!patched) {
    outcome.error = internal_error(document, document.root(), patched.error().message);
    for (auto& reported : outcome.findings)
      reported.applied = false;
    return outcome;
  }

  // A fix that leaves something to fix on the next run is a bug: refuse it.
  if (const auto& again = patched.value().document) {
    std::vector<Finding> remaining = run_rules(*again, TemplateView(*again), options);
    settle_intents(remaining, options.unsafe_fixes);
    for (const auto& finding : remaining) {
      if (is_applicable(finding, options.unsafe_fixes) && has_fix(finding)) {
        outcome.error =
            internal_error(document, finding.node == kNoNode ? kNoNode : document.root(),
                           "the fix is not idempotent for '" + finding.resource_name +
                               "': a second run would change it again");
        for (auto& reported : outcome.findings)
          reported.applied = false;
        return outcome;
      }
    }
  }
  outcome.edits = std::move(patched.value().edits);
  outcome.edit_findings = owners_of_edits(outcome.edits, anchors, first_applied);
  outcome.fixed_text = std::move(patched.value().text);
  return outcome;
}

FileOutcome process_text(std::string_view text, const PipelineOptions& options) {
  FileOutcome outcome = fix_text(text, options);
  // An unchanged text is its own fix. Copied last, once the documents are freed: a copy made
  // up front stayed alive through the whole fix, one more file-sized block at the peak.
  if (!outcome.changed() && outcome.fixed_text.empty()) outcome.fixed_text = std::string(text);
  return outcome;
}

}  // namespace armfix
