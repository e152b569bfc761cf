// One file through every stage: parse, view, fix, apply, verify, and check idempotence.
#include "armfix/pipeline.hpp"

#include <set>

#include "armfix/bicep_pipeline.hpp"

namespace armfix {

namespace {

std::vector<const Fixer*> selected_rules(const PipelineOptions& options) {
  if (!options.rules.empty()) return options.rules;
  std::vector<const Fixer*> all;
  for (const auto& fixer : registered_fixers())
    all.push_back(fixer.get());
  return all;
}

bool is_applicable(const Finding& finding, bool unsafe_fixes) {
  return finding.safety == Safety::Safe || (finding.safety == Safety::Unsafe && unsafe_fixes);
}

std::vector<Finding> run_rules(const Document& document, const TemplateView& view,
                               const PipelineOptions& options,
                               std::size_t* resources_checked = nullptr) {
  std::vector<Finding> findings;
  for (const Fixer* fixer : selected_rules(options)) {
    if (resources_checked != nullptr)
      *resources_checked += view.deployed(fixer->resource_type()).size();
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

std::uint32_t finding_offset(const Document& document, NodeId node) {
  const Node& n = document.node(node);
  return n.key.size() > 0 ? n.key.begin : n.value.begin;
}

}  // namespace

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

  std::set<const Resource*> looked_at;  // each resource once, however many rules check it
  for (const Fixer* fixer : selected_rules(options)) {
    const auto deployed = view.deployed(fixer->resource_type());
    looked_at.insert(deployed.begin(), deployed.end());
  }
  outcome.resources = looked_at.size();
  std::vector<PatchOperation> operations;
  for (auto& finding : run_rules(document, view, options, &outcome.resources_checked)) {
    ReportedFinding reported;
    reported.position = document.position(finding_offset(document, finding.node));
    reported.applied = is_applicable(finding, options.unsafe_fixes) && !finding.operations.empty();
    if (reported.applied) {
      operations.insert(operations.end(), finding.operations.begin(), finding.operations.end());
    }
    reported.finding = std::move(finding);
    outcome.findings.push_back(std::move(reported));
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
    for (const auto& finding : run_rules(*again, TemplateView(*again), options)) {
      if (is_applicable(finding, options.unsafe_fixes) && !finding.operations.empty()) {
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
