// Which findings each edit fixes.
//
// Every change a pipeline renders comes with the findings it serves and the span of the
// original text it works in (the object a member is added to, the value it replaces). An edit
// belongs to the change whose span is the smallest that holds it; changes of several rules
// merged into one edit give it to all of them. Reports use this to say which edit fixes which
// finding, even when several rules fix one resource.
#pragma once

#include <cstddef>
#include <vector>

#include "armfix/document.hpp"
#include "armfix/engine.hpp"

namespace armfix {

struct EditAnchor {
  Span span;                        // the original text the change works in
  std::vector<std::size_t> owners;  // the findings it serves
};

// For each edit (sorted, against the original text), the findings it fixes, in finding order.
// An edit no anchor holds goes to `fallback` (the first applied finding).
std::vector<std::vector<std::size_t>> owners_of_edits(const std::vector<TextEdit>& edits,
                                                      const std::vector<EditAnchor>& anchors,
                                                      std::size_t fallback);

}  // namespace armfix
