// Colour and the progress line, the only places armfix speaks to a terminal as a terminal.
#include "cli/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace armfix {

bool is_terminal(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

bool use_color(ColorChoice choice, bool stream_is_terminal) {
  switch (choice) {
    case ColorChoice::Always:
      return true;
    case ColorChoice::Never:
      return false;
    case ColorChoice::Auto:
      break;
  }
  if (!stream_is_terminal) return false;
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: set and non-empty
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

Palette Palette::of(bool color) {
  if (!color) return Palette{};
  return Palette{"\033[1m", "\033[31m", "\033[32m", "\033[33m", "\033[36m", "\033[35m", "\033[0m"};
}

std::string colorize_diff(std::string_view diff, const Palette& palette) {
  if (*palette.reset == '\0') return std::string(diff);
  std::string out;
  out.reserve(diff.size() + diff.size() / 8);
  std::size_t start = 0;
  while (start < diff.size()) {
    std::size_t end = diff.find('\n', start);
    end = end == std::string_view::npos ? diff.size() : end + 1;
    std::string_view line(diff.data() + start, end - start);
    std::size_t content = line.size();
    while (content > 0 && (line[content - 1] == '\n' || line[content - 1] == '\r'))
      --content;
    const char* color = "";
    if (line.rfind("diff --git ", 0) == 0 || line.rfind("--- ", 0) == 0 ||
        line.rfind("+++ ", 0) == 0) {
      color = palette.bold;
    } else if (line.rfind("@@", 0) == 0) {
      color = palette.cyan;
    } else if (!line.empty() && line[0] == '-') {
      color = palette.red;
    } else if (!line.empty() && line[0] == '+') {
      color = palette.green;
    }
    if (*color != '\0') {
      // The colour ends before the line break so a kept carriage return stays in place.
      out.append(color).append(line.substr(0, content)).append(palette.reset);
      out.append(line.substr(content));
    } else {
      out.append(line);
    }
    start = end;
  }
  return out;
}

ProgressLine::ProgressLine(std::FILE* stream, bool enabled, std::chrono::milliseconds delay)
    : stream_(stream), enabled_(enabled), start_(std::chrono::steady_clock::now()), delay_(delay) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::update(std::size_t done, std::size_t total, std::size_t resources,
                          std::size_t fixes) {
  if (!enabled_) return;
  if (!shown_ && std::chrono::steady_clock::now() - start_ < delay_) return;
  shown_ = true;
  std::fprintf(stream_, "\r\033[Karmfix: %zu/%zu files, %zu resource%s found, %zu fix%s", done,
               total, resources, resources == 1 ? "" : "s", fixes, fixes == 1 ? "" : "es");
  std::fflush(stream_);
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fputs("\r\033[K", stream_);
  std::fflush(stream_);
  shown_ = false;
}

}  // namespace armfix
