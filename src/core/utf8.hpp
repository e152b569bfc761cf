// UTF-8: encoding decoded escapes, validating text, and showing text that may not be UTF-8.
// Shared by the JSON and Bicep readers and by everything that prints a file name or a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace armfix {

// Appends `code_point` to `out` as UTF-8. False, appending nothing, for a surrogate or a value
// beyond U+10FFFF, which no UTF-8 text may hold.
bool append_utf8(std::uint32_t code_point, std::string& out);

// Length of the valid multi-byte UTF-8 sequence starting at text[i], or 0 when there is none
// (an ASCII byte included: callers step over those themselves).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Whether `text` is entirely valid UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view text);

// `text` for a message: valid printable characters as they are; each byte of an invalid
// sequence and each control character as `\xNN`, so the reader sees exactly what was given.
std::string escaped_for_display(std::string_view text);

}  // namespace armfix
