// libFuzzer target for the unified diff (unified_diff / apply_unified_diff) on arbitrary bytes:
// CR, CRLF, missing final newlines, long runs of equal lines. The input is split into two texts,
// or into one text and a copy with a few lines changed, as fixes change them. What is left of it
// changes the first text at known places, for the diff of known changes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

// A copy of `before` with a few lines removed, inserted or changed, the way fixes change files.
std::string edited_copy(FuzzedDataProvider& fdp, const std::string& before) {
  std::vector<std::string> lines = split_lines(before);
  std::size_t edits = fdp.ConsumeIntegralInRange<std::size_t>(0, 4);
  for (std::size_t i = 0; i < edits; ++i) {
    std::size_t at = fdp.ConsumeIntegralInRange<std::size_t>(0, lines.size());
    switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
        if (at < lines.size()) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      case 1:
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at),
                     fdp.ConsumeRandomLengthString(40) + (fdp.ConsumeBool() ? "\r\n" : "\n"));
        break;
      case 2:
        if (at < lines.size()) lines[at] = fdp.ConsumeRandomLengthString(40) + "\n";
        break;
      default:  // the last line loses or gains its line break
        if (!lines.empty()) {
          std::string& last = lines.back();
          if (!last.empty() && last.back() == '\n') {
            last.pop_back();
          } else {
            last += '\n';
          }
        }
        break;
    }
  }
  std::string after;
  for (const std::string& line : lines)
    after += line;
  return after;
}

// A copy of `before` with a few byte ranges replaced, and `changes` saying where.
std::string spliced_copy(FuzzedDataProvider& fdp, const std::string& before,
                         std::vector<armfix::Splice>& changes) {
  std::string after;
  std::size_t copied = 0;
  for (std::size_t count = fdp.ConsumeIntegralInRange<std::size_t>(0, 4); count > 0; --count) {
    std::size_t offset = fdp.ConsumeIntegralInRange<std::size_t>(copied, before.size());
    std::size_t length = fdp.ConsumeIntegralInRange<std::size_t>(0, before.size() - offset);
    std::string inserted = fdp.ConsumeRandomLengthString(40);
    after.append(before, copied, offset - copied).append(inserted);
    changes.push_back({offset, length, inserted.size()});
    copied = offset + length;
  }
  return after.append(before, copied);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  bool independent = fdp.ConsumeBool();
  std::string path = fdp.ConsumeBool() ? "dir/azuredeploy.json" : "odd name \"\xC3\xA9\t.json";
  std::string before;
  std::string after;
  if (independent) {
    before =
        fdp.ConsumeBytesAsString(fdp.ConsumeIntegralInRange<std::size_t>(0, fdp.remaining_bytes()));
    after = fdp.ConsumeRemainingBytesAsString();
  } else {
    std::size_t length = fdp.ConsumeIntegralInRange<std::size_t>(0, fdp.remaining_bytes());
    before = fdp.ConsumeBytesAsString(length);
    after = edited_copy(fdp, before);
  }
  if (auto problem = armfix::fuzz::check_diff(before, after, path)) {
    armfix::fuzz::fail("fuzz_diff", *problem,
                       "diff:\n" + armfix::unified_diff(before, after, path));
  }
  std::vector<armfix::Splice> changes;
  std::string spliced = spliced_copy(fdp, before, changes);
  if (auto problem = armfix::fuzz::check_diff(before, spliced, changes, path)) {
    armfix::fuzz::fail("fuzz_diff", *problem,
                       "diff:\n" + armfix::unified_diff(before, spliced, path, changes));
  }
  return 0;
}
