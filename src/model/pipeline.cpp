// One file through every stage: parse, view, fix, apply, verify, and check idempotence.
#include "armfix/pipeline.hpp"

#include <algorithm>

#include "armfix/bicep_pipeline.hpp"
#include "json/arm_change_writer.hpp"
#include "model/edit_owners.hpp"
#include "model/held_fixes.hpp"
#include "model/settled_intents.hpp"
#include "schema/fixed_resource_check.hpp"

namespace armfix {

namespace {

// Findings of resources whose fix is withheld are manual, on the fixing run as on the
// idempotence check.
std::vector<Finding> run_rules(const ArmResourceModel& model, const TemplateView& view,
                               const PipelineOptions& options, const WithheldFixes& withheld,
                               std::size_t* resources = nullptr) {
  std::vector<Finding> findings;
  std::vector<std::string_view> types_counted;
  for (const Fixer* fixer : selected_rules(options)) {
    if (resources != nullptr && first_of_its_type(fixer, types_counted))
      *resources += view.deployed(fixer->resource_type()).size();
    for (auto& finding : fixer->check(model, options.fix)) {
      withhold_fix(finding, withheld, options.unsafe_fixes);
      findings.push_back(std::move(finding));
    }
  }
  settle_findings(model, findings);
  return findings;
}

// The fixed clusters of `fixed` that fail the fixed-resource check.
WithheldFixes check_fixed(const ArmResourceModel& before, const ArmResourceModel& after,
                          const std::vector<ReportedFinding>& findings, const FixOptions& options) {
  std::vector<AppliedFix> applied;
  for (const auto& reported : findings) {
    if (reported.applied)
      applied.push_back(
          {reported.finding.rule, reported.finding.resource, &reported.finding.intents});
  }
  return check_fixed_clusters(before, after, applied, options);
}

SourceError internal_error(const Document& document, NodeId node, const std::string& message) {
  std::size_t offset = node == kNoNode ? 0 : document.node(node).value.begin;
  return SourceError{document.position(offset), offset, "internal error: " + message};
}

// The rules' intents, settled, merged per resource and written as JSON Patch operations,
// each with the findings it serves; or why one cannot be written.
Result<std::vector<OwnedOperation>, std::string> render_intents(const ArmResourceModel& model,
                                                                std::vector<Finding>& findings,
                                                                bool unsafe_fixes) {
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

namespace {

// One pass of fix_text with the fixes of `withheld` left out; the clusters whose fix fails the
// fixed-resource check go to `failed`, and the outcome is then to be discarded.
FileOutcome fix_once(std::string_view text, const PipelineOptions& options,
                     const WithheldFixes& withheld, WithheldFixes& failed) {
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

  // One model of the file for the rules, the rendering and the check of the fixed text: what
  // it evaluates (parameters, variables, scopes) is evaluated once.
  const ArmResourceModel model(document, view);
  std::vector<Finding> findings = run_rules(model, view, options, withheld, &outcome.resources);
  auto rendered = render_intents(model, findings, options.unsafe_fixes);
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
    const NodeId points_at = finding.at.node != kNoNode ? finding.at.node : finding.resource.node;
    reported.position = document.position(finding_offset(document, points_at));
    reported.applied = is_applicable(finding, options.unsafe_fixes) && has_fix(finding);
    if (reported.applied) {
      first_applied = std::min(first_applied, i);
      for (const auto& operation : finding.operations)
        anchors.push_back(EditAnchor{anchor_of(document, operation), {i}});
    }
    reported.finding = std::move(finding);
    outcome.findings.push_back(std::move(reported));
  }
  for (const auto& reported : outcome.findings) {
    if (!reported.applied) continue;
    for (const auto& operation : reported.finding.operations) {
      // One operation for what several resources ask alike: a parameter they all need.
      bool again = std::any_of(operations.begin(), operations.end(),
                               [&](const PatchOperation& earlier) { return earlier == operation; });
      if (!again) operations.push_back(operation);
    }
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

  if (const auto& again = patched.value().document) {
    // One model of the fixed text for its check and for the second run.
    const TemplateView again_view(*again);
    const ArmResourceModel again_model(*again, again_view);
    failed = check_fixed(model, again_model, outcome.findings, options.fix);
    if (!failed.empty()) return outcome;
    // A fix that leaves something to fix on the next run is a bug: refuse it.
    std::vector<Finding> remaining = run_rules(again_model, again_view, options, withheld);
    settle_intents(remaining, options.unsafe_fixes);
    for (const auto& finding : remaining) {
      if (is_applicable(finding, options.unsafe_fixes) && has_fix(finding)) {
        outcome.error =
            internal_error(document, finding.resource.node == kNoNode ? kNoNode : document.root(),
                           "the fix is not idempotent for '" + finding.resource.name +
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

}  // namespace

FileOutcome fix_text(std::string_view text, const PipelineOptions& options) {
  // A fix that fails the fixed-resource check is withheld and the file fixed again without it;
  // each pass withholds at least one more cluster, so this ends.
  WithheldFixes withheld;
  while (true) {
    WithheldFixes failed;
    FileOutcome outcome = fix_once(text, options, withheld, failed);
    if (failed.empty()) return outcome;
    withheld.merge(failed);
  }
}

FileOutcome process_text(std::string_view text, const PipelineOptions& options) {
  FileOutcome outcome = fix_text(text, options);
  // An unchanged text is its own fix. Copied last, once the documents are freed: a copy made
  // up front stayed alive through the whole fix, one more file-sized block at the peak.
  if (!outcome.changed() && outcome.fixed_text.empty()) outcome.fixed_text = std::string(text);
  return outcome;
}

}  // namespace armfix
