// Tests of the terminal helpers: when to colour, coloured diffs, and the progress line.
#include "cli/terminal.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using armfix::ColorChoice;

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (had_) {
      ::setenv(name_, old_.c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file))
    text += static_cast<char>(c);
  return text;
}

}  // namespace

TEST_CASE("cli: --color auto colours a terminal unless NO_COLOR or TERM=dumb", "[cli]") {
  ScopedEnv no_color("NO_COLOR", nullptr);
  ScopedEnv term("TERM", "xterm-256color");
  CHECK(armfix::use_color(ColorChoice::Auto, true));
  CHECK_FALSE(armfix::use_color(ColorChoice::Auto, false));
  CHECK(armfix::use_color(ColorChoice::Always, false));
  CHECK_FALSE(armfix::use_color(ColorChoice::Never, true));
  {
    ScopedEnv set("NO_COLOR", "1");
    CHECK_FALSE(armfix::use_color(ColorChoice::Auto, true));
    CHECK(armfix::use_color(ColorChoice::Always, true));  // the command line wins
  }
  {
    ScopedEnv empty("NO_COLOR", "");  // set but empty does not count
    CHECK(armfix::use_color(ColorChoice::Auto, true));
  }
  ScopedEnv dumb("TERM", "dumb");
  CHECK_FALSE(armfix::use_color(ColorChoice::Auto, true));
}

TEST_CASE("coloured diffs keep every byte, carriage returns outside the colour", "[cli]") {
  const std::string diff =
      "diff --git a/t b/t\n--- a/t\n+++ b/t\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n";
  CHECK(armfix::colorize_diff(diff, armfix::Palette::of(false)) == diff);
  const std::string colored = armfix::colorize_diff(diff, armfix::Palette::of(true));
  CHECK(colored ==
        "\033[1mdiff --git a/t b/t\033[0m\n\033[1m--- a/t\033[0m\n\033[1m+++ b/t\033[0m\n"
        "\033[36m@@ -1,2 +1,2 @@\033[0m\n a\r\n\033[31m-b\033[0m\r\n\033[32m+c\033[0m\r\n");
}

TEST_CASE("the progress line rewrites itself, and is cleared at the end", "[cli]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    armfix::ProgressLine progress(file, true, std::chrono::milliseconds(0));
    progress.update(3, 10, 2, 1);
    progress.update(4, 10, 1, 2);
  }
  CHECK(contents(file) ==
        "\r\033[Karmfix: 3/10 files, 2 resources found, 1 fix"
        "\r\033[Karmfix: 4/10 files, 1 resource found, 2 fixes\r\033[K");
  std::fclose(file);
}

TEST_CASE("the progress line stays silent when disabled or during the first second", "[cli]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    armfix::ProgressLine disabled(file, false, std::chrono::milliseconds(0));
    disabled.update(1, 2, 0, 0);
    armfix::ProgressLine early(file, true);
    early.update(1, 2, 0, 0);
  }
  CHECK(contents(file).empty());
  std::fclose(file);
}
