// The format-preserving patch engine: semantic JSON Patch operations in, minimal byte edits out.
//
// Fixers never see text. They describe changes as RFC 6902 operations whose pointers use the
// document's own key spelling; the engine places each change the way the file's author would
// have typed it, and verifies the result before anyone sees it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "armfix/document.hpp"
#include "armfix/json_pointer.hpp"
#include "armfix/result.hpp"

namespace armfix {

enum class PatchOpKind { Add, Replace, Remove };

// NOLINTNEXTLINE(bugprone-exception-escape): the check flags nlohmann::ordered_json's members.
struct PatchOperation {
  PatchOpKind kind = PatchOpKind::Add;
  JsonPointer path;              // for Add into an array, the last token may be "-" (append)
  nlohmann::ordered_json value;  // ordered: new members appear in the order the fixer chose

  static PatchOperation add(JsonPointer path, nlohmann::ordered_json value);
  static PatchOperation replace(JsonPointer path, nlohmann::ordered_json value);
  static PatchOperation remove(JsonPointer path);

  friend bool operator==(const PatchOperation& a, const PatchOperation& b) {
    return a.kind == b.kind && a.path == b.path && a.value == b.value;
  }
  friend bool operator!=(const PatchOperation& a, const PatchOperation& b) { return !(a == b); }
};

// One replacement of original bytes [offset, offset + length) by `text`.
struct TextEdit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

struct PatchedText {
  std::vector<TextEdit> edits;  // sorted by offset, never overlapping, against the original
  std::string text;
  // `text` parsed, as verified: no need to parse it again. It borrows `text`, so a move of
  // the whole points it at the moved text, and a copy would have to parse again.
  std::optional<Document> document;

  PatchedText() = default;
  PatchedText(PatchedText&& other) noexcept;
  PatchedText& operator=(PatchedText&& other) noexcept;
  PatchedText(const PatchedText&) = delete;
  PatchedText& operator=(const PatchedText&) = delete;
  ~PatchedText() = default;
};

struct PatchError {
  std::string message;
};

// Reads an RFC 6902 document (an array of {op, path, value}); only add, replace and remove.
Result<std::vector<PatchOperation>, PatchError> parse_json_patch(
    const nlohmann::ordered_json& patch);
nlohmann::json to_json_patch(const std::vector<PatchOperation>& operations);

// Applies the operations in order, as one pass of edits. The result is parsed again and its
// semantic value compared with nlohmann::json::patch applied to the original's value; any
// mismatch, overlap or unresolvable path is an error and no text is produced.
Result<PatchedText, PatchError> apply_patch(const Document& document,
                                            const std::vector<PatchOperation>& operations);

// Applies sorted, non-overlapping edits to a text.
std::string apply_edits(std::string_view text, const std::vector<TextEdit>& edits);

// Where the edits change a text, and by how much, without what they write there.
std::vector<Splice> splices_of(const std::vector<TextEdit>& edits);

}  // namespace armfix
