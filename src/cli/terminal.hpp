// The terminal: whether to use colour, the colours themselves, and the progress line.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/cli_options.hpp"

namespace armfix {

bool is_terminal(std::FILE* stream);

// --color: `auto` colours only a terminal, and not when NO_COLOR is set or TERM is dumb.
bool use_color(ColorChoice choice, bool stream_is_terminal);

// ANSI escape sequences, or empty strings when colour is off.
struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* green = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* magenta = "";
  const char* reset = "";

  static Palette of(bool color);
};

// Colours a unified diff line by line: headers bold, hunk ranges cyan, removals red,
// additions green. Without colour it returns the diff unchanged.
std::string colorize_diff(std::string_view diff, const Palette& palette);

// One line on stderr that rewrites itself: files done of total, resources found with a finding
// (each once, however many rules it fails), fixes. It stays silent for the first `delay` (short
// runs need no progress) and whenever stderr is not a terminal, so CI logs and pipes never see
// it.
class ProgressLine {
 public:
  ProgressLine(std::FILE* stream, bool enabled,
               std::chrono::milliseconds delay = std::chrono::seconds(1));
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(std::size_t done, std::size_t total, std::size_t resources, std::size_t fixes);
  void clear();

 private:
  std::FILE* stream_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::milliseconds delay_;
};

}  // namespace armfix
