// Parts of a message or a document line joined by a separator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace armfix {

// `parts` with `separator` between them; nothing is put before the first non-empty text.
std::string joined(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace armfix
