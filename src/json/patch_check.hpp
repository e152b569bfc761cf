// The engine's verification, made proportional to the change rather than to the file.
//
// The full check compares the whole patched value with nlohmann::json::patch applied to the
// whole original value: on a large template that is most of the run's time and memory. This
// check builds both values only along the operations' paths; every other subtree stands in as
// a token naming its original bytes, which the patched side reuses only where the edits left
// those bytes untouched. Equal pruned values imply equal full values.
#pragma once

#include <vector>

#include "armfix/document.hpp"
#include "armfix/engine.hpp"

namespace armfix {

// True when `patched` (the text after `edits`, parsed) certainly has the value `operations`
// give `original`. False means "not shown": the caller must run the full check, which decides.
bool patched_value_matches(const Document& original, const Document& patched,
                           const std::vector<TextEdit>& edits,
                           const std::vector<PatchOperation>& operations);

}  // namespace armfix
