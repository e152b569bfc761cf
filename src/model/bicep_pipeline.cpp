// One Bicep file through every stage: parse, fix, edit, verify, and check idempotence.
#include "armfix/bicep_pipeline.hpp"

#include <algorithm>

#include "aks/bicep_defender_profile.hpp"
#include "bicep/bicep_change_writer.hpp"
#include "bicep/bicep_document.hpp"
#include "bicep/bicep_editor.hpp"
#include "model/edit_owners.hpp"
#include "model/settled_intents.hpp"

namespace armfix {

namespace {

bool is_applicable(const BicepFinding& finding, bool unsafe_fixes) {
  return is_applicable(finding.finding, unsafe_fixes) &&
         (!finding.changes.empty() || !finding.finding.intents.empty());
}

// Every selected rule: those on the resource model through it, Defender through its own
// Bicep fixer. Conflicting intents are settled, so the findings' safety is final.
std::vector<BicepFinding> run_rules(const BicepDocument& document, const PipelineOptions& options,
                                    std::size_t* resources = nullptr) {
  const BicepResourceModel model(document);
  std::vector<BicepFinding> findings;
  std::vector<std::string_view> types_counted;
  for (const Fixer* fixer : selected_rules(options)) {
    if (fixer == nullptr) continue;
    if (resources != nullptr && first_of_its_type(fixer, types_counted)) {
      *resources += model.deployed(fixer->resource_type()).size();
    }
    if (fixer->info().name == BicepDefenderProfileFixer::kRuleName) {
      for (auto& finding : BicepDefenderProfileFixer().check(document, options.fix))
        findings.push_back(std::move(finding));
      continue;
    }
    if (!fixer->uses_resource_model()) continue;
    for (auto& finding : fixer->check_resources(model, options.fix)) {
      BicepFinding bicep;
      bicep.offset = document.node(finding.node).name.begin;
      bicep.finding = std::move(finding);
      findings.push_back(std::move(bicep));
    }
  }
  return findings;
}

// The intents of the findings, settled, merged per resource and written as editor changes;
// each change goes to the first finding it serves.
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
std::optional<std::string> render_intents(const BicepDocument& document,
                                          std::vector<BicepFinding>& findings, bool unsafe_fixes,
                                          std::vector<EditAnchor>* anchors = nullptr) {
  std::vector<Finding> plain;
  plain.reserve(findings.size());
  for (auto& finding : findings)
    plain.push_back(std::move(finding.finding));
  const BicepResourceModel model(document);
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

// Rules on the resource model merge their intents; Defender's own fixer writes changes.
// Where both write one object (`properties` added to a cluster that has none, or written
// over a null one) they write one object holding what both add.
bool is_union_wrap(const BicepChange& change) {
  return change.kind == BicepChangeKind::ReplaceValue &&
         change.value.kind == BicepValue::Kind::Call && change.value.text == "union" &&
         !change.value.arguments.empty();
}

void merge_same_objects(std::vector<BicepChange>& changes) {
  auto same_target = [](const BicepChange& a, const BicepChange& b) {
    if (a.kind != b.kind || a.target != b.target) return false;
    if (a.kind == BicepChangeKind::AddProperty) return equals_ignore_case(a.key, b.key);
    return a.kind == BicepChangeKind::ReplaceValue;
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].kind == BicepChangeKind::SetApiVersion) {
      // Raised once, to the later version, which has what both rules need.
      for (std::size_t j = i + 1; j < changes.size();) {
        if (changes[j].kind == BicepChangeKind::SetApiVersion &&
            changes[j].target == changes[i].target) {
          if (changes[j].key > changes[i].key) changes[i].key = changes[j].key;
          changes.erase(changes.begin() + static_cast<std::ptrdiff_t>(j));
        } else {
          ++j;
        }
      }
      continue;
    }
    if (is_union_wrap(changes[i])) {
      // Wrapped once: the second wrap's forced objects join the first's union(), where the
      // last argument that sets a path wins, so each rule's values still hold.
      for (std::size_t j = i + 1; j < changes.size();) {
        if (is_union_wrap(changes[j]) && changes[j].target == changes[i].target) {
          auto& into = changes[i].value.arguments;
          auto& from = changes[j].value.arguments;
          into.insert(into.end(), std::make_move_iterator(from.begin() + 1),
                      std::make_move_iterator(from.end()));
          changes.erase(changes.begin() + static_cast<std::ptrdiff_t>(j));
        } else {
          ++j;
        }
      }
      continue;
    }
    if (changes[i].value.kind != BicepValue::Kind::Object) continue;
    for (std::size_t j = i + 1; j < changes.size();) {
      if (!same_target(changes[i], changes[j]) ||
          changes[j].value.kind != BicepValue::Kind::Object) {
        ++j;
        continue;
      }
      auto& members = changes[i].value.members;
      for (auto& member : changes[j].value.members) {
        bool present = std::any_of(members.begin(), members.end(), [&](const BicepMember& m) {
          return equals_ignore_case(m.key, member.key);
        });
        if (!present) members.push_back(std::move(member));
      }
      changes.erase(changes.begin() + static_cast<std::ptrdiff_t>(j));
    }
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
  auto remaining = run_rules(again.value(), options);
  render_intents(again.value(), remaining, options.unsafe_fixes);
  for (const auto& finding : remaining) {
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

  std::vector<BicepFinding> findings = run_rules(document, options, &outcome.resources);
  std::vector<EditAnchor> anchors;
  std::optional<std::string> unwritable =
      render_intents(document, findings, options.unsafe_fixes, &anchors);
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
  merge_same_objects(changes);

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
  outcome.edit_findings = owners_of_edits(outcome.edits, anchors, first_applied);
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
