// Recognising UTF-16 and UTF-32 text by its byte-order mark or its NUL bytes.
#include "io/text_encoding.hpp"

#include <cstdint>

namespace armfix {

namespace {

struct ByteOrderMark {
  std::string_view bytes;
  TextEncoding encoding;
};

// UTF-32 little-endian first: its mark begins with UTF-16 little-endian's.
constexpr ByteOrderMark kMarks[] = {
    {std::string_view("\xFF\xFE\x00\x00", 4), TextEncoding::Utf32LittleEndian},
    {std::string_view("\x00\x00\xFE\xFF", 4), TextEncoding::Utf32BigEndian},
    {std::string_view("\xFF\xFE", 2), TextEncoding::Utf16LittleEndian},
    {std::string_view("\xFE\xFF", 2), TextEncoding::Utf16BigEndian},
};

struct EncodingFacts {
  const char* name;        // as in messages
  const char* byte_order;  // as in messages
  const char* iconv_name;  // iconv's name when there is no byte-order mark to tell the order
  std::size_t unit_size;
  bool little_endian;
};

EncodingFacts facts_of(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::Utf16LittleEndian:
      return {"UTF-16", "little-endian", "UTF-16LE", 2, true};
    case TextEncoding::Utf16BigEndian:
      return {"UTF-16", "big-endian", "UTF-16BE", 2, false};
    case TextEncoding::Utf32LittleEndian:
      return {"UTF-32", "little-endian", "UTF-32LE", 4, true};
    case TextEncoding::Utf32BigEndian:
      return {"UTF-32", "big-endian", "UTF-32BE", 4, false};
    case TextEncoding::Utf8:
      break;
  }
  return {"UTF-8", "", "UTF-8", 1, true};
}

// Which of the first four bytes are NUL, as bits 3 (first byte) to 0 (fourth).
unsigned nul_pattern(std::string_view bytes) {
  unsigned pattern = 0;
  for (std::size_t i = 0; i < 4; ++i)
    pattern = (pattern << 1) | (bytes[i] == '\0' ? 1U : 0U);
  return pattern;
}

}  // namespace

DetectedEncoding detect_encoding(std::string_view bytes) {
  for (const auto& mark : kMarks) {
    if (bytes.substr(0, mark.bytes.size()) == mark.bytes) return {mark.encoding, mark.bytes.size()};
  }
  if (bytes.size() < 4) return {};
  switch (nul_pattern(bytes)) {
    case 0b1110:
      return {TextEncoding::Utf32BigEndian, 0};
    case 0b0111:
      return {TextEncoding::Utf32LittleEndian, 0};
    case 0b1010:
      return {TextEncoding::Utf16BigEndian, 0};
    case 0b0101:
      return {TextEncoding::Utf16LittleEndian, 0};
    default:
      return {};
  }
}

std::optional<std::string> unsupported_encoding(std::string_view bytes) {
  const DetectedEncoding detected = detect_encoding(bytes);
  if (detected.encoding == TextEncoding::Utf8) return std::nullopt;
  const EncodingFacts facts = facts_of(detected.encoding);
  const std::string encoding = std::string(facts.name) + " (" + facts.byte_order + ")";
  // With a byte-order mark, iconv reads the order from it and drops it.
  const char* iconv_name = detected.bom_size > 0 ? facts.name : facts.iconv_name;
  const std::string conversion =
      std::string("convert it with iconv -f ") + iconv_name + " -t UTF-8";
  if (detected.bom_size > 0) {
    return "file is encoded as " + encoding + "; armfix reads UTF-8 only (" + conversion + ")";
  }
  return "file appears to be encoded as " + encoding +
         ", without a byte-order mark; armfix reads UTF-8 only (" + conversion + ")";
}

std::string ascii_characters(std::string_view bytes, DetectedEncoding detected) {
  const EncodingFacts facts = facts_of(detected.encoding);
  if (facts.unit_size == 1) return std::string(bytes);
  const std::size_t low = facts.little_endian ? 0 : facts.unit_size - 1;
  std::string ascii;
  ascii.reserve(bytes.size() / facts.unit_size);
  for (std::size_t at = detected.bom_size; at + facts.unit_size <= bytes.size();
       at += facts.unit_size) {
    std::uint32_t others = 0;
    for (std::size_t k = 0; k < facts.unit_size; ++k) {
      if (k != low) others |= static_cast<unsigned char>(bytes[at + k]);
    }
    const auto c = static_cast<unsigned char>(bytes[at + low]);
    ascii += others == 0 && c < 0x80 ? static_cast<char>(c) : '\x80';
  }
  return ascii;
}

}  // namespace armfix
