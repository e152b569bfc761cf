// Helpers for end-to-end tests of the armfix binary: temporary directories, files, and running
// a program with its stdout and stderr captured separately.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace armfix::cli_test {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& relative) const { return path_ / relative; }

 private:
  fs::path path_;
};

// A Unix socket bound at `path` (the file is left behind), closed when it goes.
class UnixSocket {
 public:
  explicit UnixSocket(const fs::path& path);
  ~UnixSocket();
  UnixSocket(const UnixSocket&) = delete;
  UnixSocket& operator=(const UnixSocket&) = delete;
  bool bound() const { return bound_; }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal
  std::string out;
  std::string err;
  bool timed_out = false;  // killed for running longer than it was given
};

// What a started program's standard output or error is. Captured streams are read into the
// CommandResult; the others lose what is written to them, each in its own way.
enum class StreamSetup {
  Captured,
  Full,        // /dev/full: every write fails with ENOSPC
  Closed,      // the descriptor is not open, as after `>&-`
  BrokenPipe,  // a pipe whose reading end is already closed: writes fail with EPIPE or SIGPIPE
};

struct StandardStreams {
  StreamSetup out = StreamSetup::Captured;
  StreamSetup err = StreamSetup::Captured;
};

// A program started in the background, for tests that act while it runs. It starts with
// SIGPIPE at its default action, as from a shell, whatever the test runner does with it.
class RunningCommand {
 public:
  RunningCommand(const std::vector<std::string>& argv, const fs::path& cwd,
                 StandardStreams streams = {});
  ~RunningCommand();
  RunningCommand(const RunningCommand&) = delete;
  RunningCommand& operator=(const RunningCommand&) = delete;

  // Waits for the program to end; one still running after `limit` is killed, and the result
  // says it timed out: a test of something that once hung fails instead of hanging.
  CommandResult wait(std::optional<std::chrono::milliseconds> limit = std::nullopt);
  void send_signal(int signal_number) const;

 private:
  TempDir capture_;
  pid_t pid_ = -1;
};

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& cwd,
                          StandardStreams streams = {});
// The end-to-end tests check the command line with the one rule their expected outputs were
// written for: armfix_argv adds `--rule=` this rule unless the arguments name rules
// themselves (`--rule`, `--exclude-rule`, `--list-rules`; not `--rule-option`) or hold kEveryRule,
// which runs the default rule set.
inline constexpr const char* kDefaultTestRule = "Azure.AKS.DefenderProfile";
inline constexpr const char* kEveryRule = "<every rule>";
// Runs the armfix binary under test (ARMFIX_BINARY) with `args` in `cwd`.
CommandResult run_armfix(const std::vector<std::string>& args, const fs::path& cwd,
                         StandardStreams streams = {});
// The same, killed after `limit` (see RunningCommand::wait).
CommandResult run_armfix_within(std::chrono::milliseconds limit,
                                const std::vector<std::string>& args, const fs::path& cwd);
std::vector<std::string> armfix_argv(const std::vector<std::string>& args);

void write_text(const fs::path& path, const std::string& text);
std::string read_text(const fs::path& path);
// Repeats `change` to the file at `path` until its change time moves on: on a file system with
// coarse timestamps, a change made in the same tick as the last one may leave it as it was.
void until_change_time_moves(const fs::path& path, const std::function<void()>& change);
// Copies the repository's samples/ to `destination` (created), returning it.
fs::path copy_samples(const fs::path& destination);
// Every file under `root`, relative to it, sorted.
std::vector<std::string> files_in(const fs::path& root);
// Every SARIF fix replacement applied to its file under `root`: the fixed text by file URI.
std::map<std::string, std::string> apply_sarif_fixes(const nlohmann::json& sarif,
                                                     const fs::path& root);

// Templates for tests that need a particular shape rather than a sample.
// A cluster without Defender: a safe fix from 2022-06-01 on, an unsafe one before.
std::string cluster_template(const std::string& cluster_name = "aks1",
                             const std::string& api_version = "2023-01-01");
std::string compliant_template();
std::string parameter_file();

}  // namespace armfix::cli_test
