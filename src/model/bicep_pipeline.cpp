// One Bicep file through every stage: parse, fix, edit, verify, and check idempotence.
#include "armfix/bicep_pipeline.hpp"

#include <algorithm>

#include "bicep/bicep_change_writer.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_editor.hpp"
#include "model/edit_owners.hpp"
#include "model/held_fixes.hpp"
#include "model/settled_intents.hpp"
#include "schema/fixed_resource_check.hpp"

namespace armfix {

namespace {

struct BicepFinding {
  Finding finding;                   // as reported
  std::size_t offset = 0;            // where it points: the resource's symbolic name, or the value
  std::vector<BicepChange> changes;  // the fix, rendered from the merged intents
};

bool is_applicable(const BicepFinding& finding, bool unsafe_fixes) {
  return is_applicable(finding.finding, unsafe_fixes) &&
         (!finding.changes.empty() || !finding.finding.intents.empty());
}

// Every selected rule on the resource model. Findings of resources whose fix is withheld are
// manual, on the fixing run as on the idempotence check.
std::vector<BicepFinding> run_rules(const BicepResourceModel& model, const PipelineOptions& options,
                                    const WithheldFixes& withheld,
                                    std::size_t* resources = nullptr) {
  const BicepDocument& document = model.document();
  std::vector<Finding> plain;
  std::vector<std::string_view> types_counted;
  for (const Fixer* fixer : selected_rules(options)) {
    if (fixer == nullptr) continue;
    if (resources != nullptr && first_of_its_type(fixer, types_counted)) {
      *resources += model.deployed(fixer->resource_type()).size();
    }
    for (auto& finding : fixer->check(model, options.fix)) {
      withhold_fix(finding, withheld, options.unsafe_fixes);
      plain.push_back(std::move(finding));
    }
  }
  settle_findings(model, plain);
  std::vector<BicepFinding> findings;
  findings.reserve(plain.size());
  for (auto& finding : plain) {
    BicepFinding bicep;
    bicep.offset = finding.at.node != kNoNode ? document.node(finding.at.node).span.begin
                                              : document.node(finding.resource.node).name.begin;
    bicep.finding = std::move(finding);
    findings.push_back(std::move(bicep));
  }
  return findings;
}

// The original text a change works in: the object it adds to, the value or property it
// replaces; a new parameter works at the top of the file.
Span anchor_of(const BicepDocument& document, const BicepChange& change) {
  if (change.target == kNoNode) {
    return Span{0, static_cast<std::uint32_t>(document.text().size())};
  }
  return document.node(change.target).span;
}

// The intents of the findings, settled, merged per resource and written as editor changes;
// each change goes to the first finding it serves, and its anchor names all of them.
std::optional<std::string> render_intents(const BicepResourceModel& model,
                                          std::vector<BicepFinding>& findings, bool unsafe_fixes,
                                          std::vector<EditAnchor>* anchors = nullptr) {
  const BicepDocument& document = model.document();
  std::vector<Finding> plain;
  plain.reserve(findings.size());
  for (auto& finding : findings)
    plain.push_back(std::move(finding.finding));
  std::optional<std::string> problem;
  for (const auto& resource : settle_intents(plain, unsafe_fixes)) {
    BicepChangeWriter writer(model);
    if (auto unwritable = write_merged(model, resource.resource, resource.intents, writer)) {
      problem = "the fix of '" + resource.resource.name + "' cannot be written: " + *unwritable;
      break;
    }
    for (auto& owned : writer.changes()) {
      if (anchors != nullptr) anchors->push_back({anchor_of(document, owned.change), owned.owners});
      findings[owned.owners.front()].changes.push_back(std::move(owned.change));
    }
  }
  for (std::size_t i = 0; i < findings.size(); ++i)
    findings[i].finding = std::move(plain[i]);
  return problem;
}

// Several clusters may each ask for the same new parameter: it is declared once.
void append_changes(std::vector<BicepChange>& all, const std::vector<BicepChange>& changes) {
  for (const auto& change : changes) {
    bool duplicate =
        change.kind == BicepChangeKind::AddParameter &&
        std::any_of(all.begin(), all.end(), [&](const BicepChange& other) {
          return other.kind == BicepChangeKind::AddParameter && other.key == change.key;
        });
    if (!duplicate) all.push_back(change);
  }
}

std::vector<std::string> comment_texts(const BicepDocument& document) {
  std::vector<std::string> texts;
  for (const Span& comment : document.comments())
    texts.emplace_back(document.source(comment));
  return texts;
}

// Why the fixed text cannot be written, or nullopt when it can.
std::optional<std::string> verify(const BicepDocument& original, const BicepResourceModel& model,
                                  const PipelineOptions& options, const WithheldFixes& withheld) {
  if (comment_texts(model.document()) != comment_texts(original)) {
    return "the fix would lose or alter a comment";
  }
  auto remaining = run_rules(model, options, withheld);
  render_intents(model, remaining, options.unsafe_fixes);
  for (const auto& finding : remaining) {
    if (is_applicable(finding, options.unsafe_fixes)) {
      return "the fix is not idempotent for '" + finding.finding.resource.name +
             "': a second run would change it again";
    }
  }
  return std::nullopt;
}

std::string parse_failure(const SourceError& e) {
  return "the fixed file does not parse (" + std::to_string(e.position.line) + ":" +
         std::to_string(e.position.column) + ": " + e.message + ")";
}

// The fixed clusters of `fixed` that fail the fixed-resource check.
WithheldFixes check_fixed(const BicepResourceModel& original, const BicepResourceModel& fixed,
                          const std::vector<ReportedFinding>& findings, const FixOptions& options) {
  std::vector<AppliedFix> applied;
  for (const auto& reported : findings) {
    if (reported.applied)
      applied.push_back(
          {reported.finding.rule, reported.finding.resource, &reported.finding.intents});
  }
  return check_fixed_clusters(original, fixed, applied, options);
}

void refuse(FileOutcome& outcome, const BicepDocument& document, const std::string& message) {
  std::size_t offset = 0;
  outcome.error = SourceError{document.position(offset), offset, "internal error: " + message};
  for (auto& reported : outcome.findings)
    reported.applied = false;
}

// One pass of process_bicep_text with the fixes of `withheld` left out; the clusters whose fix
// fails the fixed-resource check go to `failed`, and the outcome is then to be discarded.
FileOutcome fix_once(std::string_view text, const PipelineOptions& options,
                     const WithheldFixes& withheld, WithheldFixes& failed) {
  FileOutcome outcome;
  outcome.fixed_text = std::string(text);
  auto parsed = BicepDocument::parse(std::string(text));
  if (!parsed) {
    outcome.kind = FileKind::Invalid;
    outcome.error = parsed.error();
    return outcome;
  }
  const BicepDocument& document = parsed.value();

  // One model of the file for the rules, the rendering and the check of the fixed text.
  const BicepResourceModel model(document);
  std::vector<BicepFinding> findings = run_rules(model, options, withheld, &outcome.resources);
  std::vector<EditAnchor> anchors;
  std::optional<std::string> unwritable =
      render_intents(model, findings, options.unsafe_fixes, &anchors);
  std::vector<BicepChange> changes;
  std::size_t first_applied = findings.size();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    BicepFinding& finding = findings[i];
    ReportedFinding reported;
    reported.position = document.position(finding.offset);
    reported.applied = is_applicable(finding, options.unsafe_fixes);
    if (reported.applied) {
      first_applied = std::min(first_applied, i);
      for (const auto& change : finding.changes)
        anchors.push_back({anchor_of(document, change), {i}});
      append_changes(changes, finding.changes);
    }
    reported.finding = std::move(finding.finding);
    outcome.findings.push_back(std::move(reported));
  }
  if (unwritable) {
    refuse(outcome, document, *unwritable);
    return outcome;
  }
  if (changes.empty()) return outcome;

  auto edits = render_bicep_changes(document, changes);
  if (!edits) {
    refuse(outcome, document, edits.error().message);
    return outcome;
  }
  std::string fixed = apply_edits(text, edits.value());
  auto again = BicepDocument::parse(fixed);
  if (!again) {
    refuse(outcome, document, parse_failure(again.error()));
    return outcome;
  }
  // One model of the fixed text for its check and for the second run.
  const BicepResourceModel again_model(again.value());
  failed = check_fixed(model, again_model, outcome.findings, options.fix);
  if (!failed.empty()) return outcome;
  if (auto problem = verify(document, again_model, options, withheld)) {
    refuse(outcome, document, *problem);
    return outcome;
  }
  outcome.edits = std::move(edits.value());
  outcome.edit_findings = owners_of_edits(outcome.edits, anchors, first_applied);
  outcome.fixed_text = std::move(fixed);
  return outcome;
}

}  // namespace

FileOutcome process_bicep_text(std::string_view text, const PipelineOptions& options) {
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

std::optional<Span> bicep_resource_span(const std::string& text, const JsonPointer& pointer) {
  const auto& tokens = pointer.tokens();
  if (tokens.size() != 2 || tokens[0] != "resources") return std::nullopt;
  auto parsed = BicepDocument::parse(text);
  if (!parsed) return std::nullopt;
  NodeId declaration = parsed.value().find_declaration(tokens[1]);
  if (declaration == kNoNode) return std::nullopt;
  return parsed.value().node(declaration).span;
}

bool is_compiled_from_bicep(const Document& document) {
  NodeId metadata = document.find_member(document.root(), "metadata");
  NodeId generator = document.find_member(metadata, "_generator");
  NodeId name = document.find_member(generator, "name");
  return document.is_string(name) && equals_ignore_case(document.string_value(name), "bicep");
}

}  // namespace armfix
