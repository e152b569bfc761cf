// Unified diffs in git's format, as printed by --dry-run and written by --patch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "armfix/splice.hpp"

namespace armfix {

// The git-style diff from `before` to `after` for `path`: `diff --git a/P b/P`, `--- a/P`,
// `+++ b/P`, hunks with 3 lines of context, `\ No newline at end of file` where due, carriage
// returns kept. Empty when the texts are equal. The hunks are checked by applying them to
// `before`; should that not give `after`, one hunk covering the whole file is emitted instead.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path);

// The same diff, for an `after` that is `before` with `changes` made (sorted, not overlapping,
// against `before`): each change is diffed with only the lines around it, so the cost follows
// the size of the changes, not of the file. Changes that do not fit the texts, or a diff that
// does not reproduce `after`, get the diff above instead.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         const std::vector<Splice>& changes);

// Applies the hunks of a single-file unified diff (as produced above) to `before`.
// Returns false when a hunk does not match. Used to verify diffs before they are emitted.
bool apply_unified_diff(std::string_view before, std::string_view diff, std::string& after);

}  // namespace armfix
