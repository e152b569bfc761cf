// Which Unicode encoding a file is in, for the readers that accept only UTF-8.
//
// A UTF-16 or UTF-32 file is recognised by its byte-order mark or, without one, by where the
// NUL bytes fall among its first four bytes (ASCII text, as every JSON and Bicep file begins,
// puts them there; see RFC 4627, section 3). A UTF-8 byte-order mark is UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace armfix {

enum class TextEncoding {
  Utf8,
  Utf16LittleEndian,
  Utf16BigEndian,
  Utf32LittleEndian,
  Utf32BigEndian
};

struct DetectedEncoding {
  TextEncoding encoding = TextEncoding::Utf8;
  std::size_t bom_size = 0;  // bytes of byte-order mark; 0 when the encoding was inferred
};

DetectedEncoding detect_encoding(std::string_view bytes);

// Why a text in `bytes` cannot be read, naming its encoding and how to convert it; nullopt for
// UTF-8 (which the readers then check byte by byte).
std::optional<std::string> unsupported_encoding(std::string_view bytes);

// The text's ASCII characters in order, every other character as the byte 0x80: enough to look
// for an ASCII word in a text of any of these encodings without decoding it.
std::string ascii_characters(std::string_view bytes, DetectedEncoding detected);

}  // namespace armfix
