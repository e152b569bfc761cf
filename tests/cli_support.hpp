// Helpers for end-to-end tests of the armfix binary: temporary directories, files, and running
// a program with its stdout and stderr captured separately.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
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

// A program started in the background, for tests that act while it runs.
class RunningCommand {
 public:
  RunningCommand(const std::vector<std::string>& argv, const fs::path& cwd);
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

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& cwd);
// Runs the armfix binary under test (ARMFIX_BINARY) with `args` in `cwd`.
CommandResult run_armfix(const std::vector<std::string>& args, const fs::path& cwd);
// The same, killed after `limit` (see RunningCommand::wait).
CommandResult run_armfix_within(std::chrono::milliseconds limit,
                                const std::vector<std::string>& args, const fs::path& cwd);
std::vector<std::string> armfix_argv(const std::vector<std::string>& args);

void write_text(const fs::path& path, const std::string& text);
std::string read_text(const fs::path& path);
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
