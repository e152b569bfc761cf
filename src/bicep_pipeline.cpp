// One Bicep file through every stage: parse, fix, edit, verify, and check idempotence.
#include "armfix/bicep_pipeline.hpp"

#include <algorithm>

#include "../fixers/bicep_defender_profile.hpp"
#include "armfix/bicep_document.hpp"
#include "armfix/bicep_editor.hpp"

namespace armfix {

namespace {

bool is_applicable(const BicepFinding& finding, bool unsafe_fixes) {
  Safety safety = finding.finding.safety;
  return !finding.changes.empty() &&
         (safety == Safety::Safe || (safety == Safety::Unsafe && unsafe_fixes));
}

// The rules with a Bicep fixer, among those selected (every registered rule by default).
bool defender_profile_selected(const PipelineOptions& options) {
  if (options.rules.empty()) return true;
  return std::any_of(options.rules.begin(), options.rules.end(), [](const Fixer* fixer) {
    return fixer != nullptr && fixer->info().name == BicepDefenderProfileFixer::kRuleName;
  });
}

std::vector<BicepFinding> run_rules(const BicepDocument& document, const PipelineOptions& options) {
  if (!defender_profile_selected(options)) return {};
  return BicepDefenderProfileFixer().check(document, options.fix);
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
std::optional<std::string> verify(const BicepDocument& original, const std::string& fixed,
                                  const PipelineOptions& options) {
  auto again = BicepDocument::parse(fixed);
  if (!again) {
    const SourceError& e = again.error();
    return "the fixed file does not parse (" + std::to_string(e.position.line) + ":" +
           std::to_string(e.position.column) + ": " + e.message + ")";
  }
  if (comment_texts(again.value()) != comment_texts(original)) {
    return "the fix would lose or alter a comment";
  }
  for (const auto& finding : run_rules(again.value(), options)) {
    if (is_applicable(finding, options.unsafe_fixes)) {
      return "the fix is not idempotent for '" + finding.finding.resource_name +
             "': a second run would change it again";
    }
  }
  return std::nullopt;
}

void refuse(FileOutcome& outcome, const BicepDocument& document, const std::string& message) {
  std::size_t offset = 0;
  outcome.error = SourceError{document.position(offset), offset, "internal error: " + message};
  for (auto& reported : outcome.findings)
    reported.applied = false;
}

}  // namespace

FileOutcome process_bicep_text(std::string_view text, const PipelineOptions& options) {
  FileOutcome outcome;
  outcome.fixed_text = std::string(text);
  auto parsed = BicepDocument::parse(std::string(text));
  if (!parsed) {
    outcome.kind = FileKind::Invalid;
    outcome.error = parsed.error();
    return outcome;
  }
  const BicepDocument& document = parsed.value();

  if (defender_profile_selected(options)) {
    outcome.resources_checked = deployed_bicep_clusters(document).size();
    outcome.resources = outcome.resources_checked;  // one rule: each resource once
  }
  std::vector<BicepChange> changes;
  for (auto& finding : run_rules(document, options)) {
    ReportedFinding reported;
    reported.position = document.position(finding.offset);
    reported.applied = is_applicable(finding, options.unsafe_fixes);
    if (reported.applied) append_changes(changes, finding.changes);
    reported.finding = std::move(finding.finding);
    outcome.findings.push_back(std::move(reported));
  }
  if (changes.empty()) return outcome;

  auto edits = render_bicep_changes(document, changes);
  if (!edits) {
    refuse(outcome, document, edits.error().message);
    return outcome;
  }
  std::string fixed = apply_edits(text, edits.value());
  if (auto problem = verify(document, fixed, options)) {
    refuse(outcome, document, *problem);
    return outcome;
  }
  outcome.edits = std::move(edits.value());
  outcome.fixed_text = std::move(fixed);
  return outcome;
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
