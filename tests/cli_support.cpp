// Process and file helpers for the end-to-end tests of the command line.
#include "cli_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace armfix::cli_test {

TempDir::TempDir() {
  std::string name = (fs::temp_directory_path() / "armfix-test-XXXXXX").string();
  if (mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  // Canonical, so paths printed relative to it compare equal whatever /tmp links to.
  path_ = fs::canonical(name);
}

TempDir::~TempDir() {
  std::error_code ignored;
  // Read-only directories left by a test would stop the removal.
  for (auto it = fs::recursive_directory_iterator(path_, ignored);
       it != fs::recursive_directory_iterator(); it.increment(ignored)) {
    if (it->is_directory(ignored) && !it->is_symlink(ignored)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
  }
  fs::remove_all(path_, ignored);
}

UnixSocket::UnixSocket(const fs::path& path) : fd_(::socket(AF_UNIX, SOCK_STREAM, 0)) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (fd_ < 0 || path.native().size() >= sizeof address.sun_path) return;
  std::memcpy(address.sun_path, path.c_str(), path.native().size());
  bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

UnixSocket::~UnixSocket() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

// Sets up `descriptor` of the child as `setup` says. A broken pipe's writing end is returned,
// for the parent to close once the child has it.
int set_up_stream(posix_spawn_file_actions_t& actions, int descriptor, StreamSetup setup,
                  const std::string& capture) {
  switch (setup) {
    case StreamSetup::Captured:
      posix_spawn_file_actions_addopen(&actions, descriptor, capture.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
      return -1;
    case StreamSetup::Full:
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/full", O_WRONLY, 0);
      return -1;
    case StreamSetup::Closed:
      posix_spawn_file_actions_addclose(&actions, descriptor);
      return -1;
    case StreamSetup::BrokenPipe:
      break;
  }
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  ::close(ends[0]);
  posix_spawn_file_actions_adddup2(&actions, ends[1], descriptor);
  return ends[1];
}

}  // namespace

RunningCommand::RunningCommand(const std::vector<std::string>& argv, const fs::path& cwd,
                               StandardStreams streams) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const std::string out = (capture_.path() / "stdout").string();
  const std::string err = (capture_.path() / "stderr").string();
  const int out_pipe = set_up_stream(actions, STDOUT_FILENO, streams.out, out);
  const int err_pipe = set_up_stream(actions, STDERR_FILENO, streams.err, err);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> arguments;
  arguments.reserve(argv.size() + 1);
  for (const auto& argument : argv)
    arguments.push_back(const_cast<char*>(argument.c_str()));
  arguments.push_back(nullptr);
  int status = posix_spawnp(&pid_, arguments[0], &actions, &attributes, arguments.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  for (int pipe_end : {out_pipe, err_pipe}) {
    if (pipe_end >= 0) ::close(pipe_end);
  }
  if (status != 0) throw std::runtime_error("cannot start " + argv[0]);
}

RunningCommand::~RunningCommand() {
  try {
    if (pid_ > 0) wait();
  } catch (const std::exception&) {
    // Nothing is left to wait for.
  }
}

CommandResult RunningCommand::wait(std::optional<std::chrono::milliseconds> limit) {
  CommandResult result;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + limit.value_or(std::chrono::hours(0));
  for (;;) {
    const pid_t ended = waitpid(pid_, &status, limit ? WNOHANG : 0);
    if (ended == pid_) break;
    if (ended < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (limit && std::chrono::steady_clock::now() >= deadline && !result.timed_out) {
      ::kill(pid_, SIGKILL);
      result.timed_out = true;
    }
    if (limit) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(capture_.path() / "stdout");
  result.err = read_text(capture_.path() / "stderr");
  return result;
}

void RunningCommand::send_signal(int signal_number) const {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& cwd,
                          StandardStreams streams) {
  return RunningCommand(argv, cwd, streams).wait();
}

std::vector<std::string> armfix_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ARMFIX_BINARY};
  bool names_rules = std::any_of(args.begin(), args.end(), [](const std::string& arg) {
    // --rule-option sets an option and names no rule: it keeps the default.
    return arg == "--rule" || arg.rfind("--rule=", 0) == 0 || arg == "--exclude-rule" ||
           arg.rfind("--exclude-rule=", 0) == 0 || arg == "--list-rules" || arg == kEveryRule;
  });
  if (!names_rules) argv.push_back("--rule=" + std::string(kDefaultTestRule));
  for (const auto& arg : args) {
    if (arg != kEveryRule) argv.push_back(arg);
  }
  return argv;
}

CommandResult run_armfix(const std::vector<std::string>& args, const fs::path& cwd,
                         StandardStreams streams) {
  return run_command(armfix_argv(args), cwd, streams);
}

CommandResult run_armfix_within(std::chrono::milliseconds limit,
                                const std::vector<std::string>& args, const fs::path& cwd) {
  return RunningCommand(armfix_argv(args), cwd).wait(limit);
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void until_change_time_moves(const fs::path& path, const std::function<void()>& change) {
  auto changed_at = [&] {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
      throw std::runtime_error("cannot stat " + path.string());
    return status.st_ctim;
  };
  const struct timespec before = changed_at();
  struct timespec after = before;
  while (after.tv_sec == before.tv_sec && after.tv_nsec == before.tv_nsec) {
    change();
    after = changed_at();
  }
}

fs::path copy_samples(const fs::path& destination) {
  fs::create_directories(destination);
  fs::copy(fs::path(ARMFIX_SOURCE_DIR) / "samples", destination, fs::copy_options::recursive);
  return destination;
}

std::vector<std::string> files_in(const fs::path& root) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_directory()) files.push_back(fs::relative(entry.path(), root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string cluster_template(const std::string& cluster_name, const std::string& api_version) {
  return R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "logAnalyticsWorkspaceResourceId": {
      "type": "string"
    }
  },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": ")" +
         api_version + R"(",
      "name": ")" +
         cluster_name + R"(",
      "location": "westeurope",
      "properties": {
        "dnsPrefix": "aks"
      }
    }
  ]
}
)";
}

std::string compliant_template() {
  return R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "logAnalyticsWorkspaceResourceId": {
      "type": "string"
    }
  },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2023-01-01",
      "name": "aks",
      "location": "westeurope",
      "properties": {
        "securityProfile": {
          "defender": {
            "logAnalyticsWorkspaceResourceId": "[parameters('logAnalyticsWorkspaceResourceId')]",
            "securityMonitoring": {
              "enabled": true
            }
          }
        }
      }
    }
  ]
}
)";
}

std::string parameter_file() {
  return R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "clusterType": { "value": "Microsoft.ContainerService/managedClusters" }
  }
}
)";
}

namespace {

// Byte offset of a 1-based line and character column, counting lines as editors do.
std::size_t offset_of(const std::string& text, std::size_t line, std::size_t column) {
  std::size_t offset = 0;
  for (std::size_t current = 1; current < line; ++current) {
    while (offset < text.size() && text[offset] != '\n' && text[offset] != '\r')
      ++offset;
    bool crlf = text.compare(offset, 2, "\r\n") == 0;
    offset += crlf ? 2 : 1;
  }
  for (std::size_t characters = 1; characters < column; ++characters) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0U) == 0x80U) {
      ++offset;
    }
  }
  return offset;
}

struct Replacement {
  std::size_t offset;
  std::size_t length;
  std::string text;
};

}  // namespace

std::map<std::string, std::string> apply_sarif_fixes(const nlohmann::json& sarif,
                                                     const fs::path& root) {
  std::map<std::string, std::vector<Replacement>> by_file;
  std::map<std::string, std::string> originals;
  for (const auto& result : sarif["runs"][0]["results"]) {
    if (!result.contains("fixes")) continue;
    for (const auto& change : result["fixes"][0]["artifactChanges"]) {
      const std::string uri = change["artifactLocation"]["uri"];
      if (!originals.count(uri)) originals[uri] = read_text(root / uri);
      const std::string& original = originals[uri];
      for (const auto& replacement : change["replacements"]) {
        const nlohmann::json& region = replacement["deletedRegion"];
        std::size_t start = offset_of(original, region["startLine"], region["startColumn"]);
        std::size_t end = offset_of(original, region["endLine"], region["endColumn"]);
        std::string text = replacement.contains("insertedContent")
                               ? replacement["insertedContent"]["text"].get<std::string>()
                               : "";
        by_file[uri].push_back({start, end - start, text});
      }
    }
  }
  std::map<std::string, std::string> fixed;
  for (auto& [uri, replacements] : by_file) {
    std::sort(replacements.begin(), replacements.end(),
              [](const auto& a, const auto& b) { return a.offset > b.offset; });
    std::string text = originals[uri];
    for (const auto& replacement : replacements) {
      text.replace(replacement.offset, replacement.length, replacement.text);
    }
    fixed[uri] = text;
  }
  return fixed;
}

}  // namespace armfix::cli_test
