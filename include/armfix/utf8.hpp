// UTF-8 encoding of decoded escapes, shared by the JSON and Bicep readers.
#pragma once

#include <cstdint>
#include <string>

namespace armfix {

// Appends `code_point` to `out` as UTF-8. False, appending nothing, for a surrogate or a value
// beyond U+10FFFF, which no UTF-8 text may hold.
bool append_utf8(std::uint32_t code_point, std::string& out);

}  // namespace armfix
