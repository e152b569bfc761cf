// The whole Bicep pipeline for one file: parse, fix, edit, verify, re-check.
//
// The counterpart of process_text for `.bicep` files, with the same outcome type, so reports,
// diffs, patches, SARIF and the summary treat both formats alike. It does no I/O.
#pragma once

#include <optional>
#include <string>

#include "armfix/document.hpp"
#include "armfix/json_pointer.hpp"
#include "armfix/pipeline.hpp"

namespace armfix {

// Runs every selected rule that has a Bicep fixer on `text`. Fixes that are safe (and unsafe
// ones when allowed) are applied together; the result must parse again, keep every comment,
// and leave nothing the rules could fix (idempotence), or the file gets an internal error and
// no edits. Findings point at a cluster's symbolic name; their pointer is
// `/resources/<symbolic name>`. `kind` is Template, or Invalid with `error` set.
FileOutcome process_bicep_text(std::string_view text, const PipelineOptions& options);

// The span of the resource declaration a Bicep finding's pointer names, for reports that
// attribute edits to findings (SARIF); nullopt when the text does not parse or has no such
// declaration.
std::optional<Span> bicep_resource_span(const std::string& text, const JsonPointer& pointer);

// True for an ARM template compiled from Bicep: `metadata._generator.name` is `bicep`. Such a
// file is overwritten by the next build, so its `.bicep` source is what needs the fix.
bool is_compiled_from_bicep(const Document& document);

}  // namespace armfix
