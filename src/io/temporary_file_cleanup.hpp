// Temporary files an interrupted --write must not leave behind in the user's repository.
#pragma once

#include <signal.h>

#include <string>
#include <thread>

namespace armfix {

// While a guard lives, SIGINT, SIGTERM and SIGHUP first remove every tracked temporary file,
// then end the process as the signal would have. --write stages fixed files for the whole
// check phase; without this, Ctrl-C would leave their temporary files beside the templates.
class TemporaryFileCleanup {
 public:
  // Blocks the signals in this thread, and so in the threads it starts afterwards, and waits
  // for them on a thread of its own: construct it before starting the workers.
  TemporaryFileCleanup();
  ~TemporaryFileCleanup();  // restores the signal mask
  TemporaryFileCleanup(const TemporaryFileCleanup&) = delete;
  TemporaryFileCleanup& operator=(const TemporaryFileCleanup&) = delete;

  // Creates a file from `name_template`, whose trailing XXXXXX mkstemp replaces in place, and
  // tracks it, in one step: an interruption finds every temporary file either tracked or not
  // yet created. The open descriptor, or -1 with errno set.
  static int create_tracked(std::string& name_template);
  // Stops tracking a file armfix renamed or removed.
  static void untrack(const std::string& path);

 private:
  void wait_for_signal() const;

  sigset_t previous_mask_{};
  int signal_fd_ = -1;
  int stop_fd_ = -1;
  std::thread waiter_;
};

}  // namespace armfix
