// The smallest span wins, so an edit inside a member a rule adds goes to that rule rather than
// to one whose change is the whole resource; spans of equal size pool their owners.
#include "model/edit_owners.hpp"

#include <algorithm>

namespace armfix {

std::vector<std::vector<std::size_t>> owners_of_edits(const std::vector<TextEdit>& edits,
                                                      const std::vector<EditAnchor>& anchors,
                                                      std::size_t fallback) {
  std::vector<std::vector<std::size_t>> owners(edits.size());
  for (std::size_t e = 0; e < edits.size(); ++e) {
    const TextEdit& edit = edits[e];
    const EditAnchor* best = nullptr;
    for (const auto& anchor : anchors) {
      bool holds = anchor.span.begin <= edit.offset && edit.offset + edit.length <= anchor.span.end;
      if (holds && (best == nullptr || anchor.span.size() < best->span.size())) best = &anchor;
    }
    auto& chosen = owners[e];
    if (best == nullptr) {
      chosen.push_back(fallback);
      continue;
    }
    for (const auto& anchor : anchors) {
      if (anchor.span.begin != best->span.begin || anchor.span.end != best->span.end) continue;
      chosen.insert(chosen.end(), anchor.owners.begin(), anchor.owners.end());
    }
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  }
  return owners;
}

}  // namespace armfix
