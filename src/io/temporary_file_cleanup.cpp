// Removes staged temporary files when the run is interrupted.
#include "io/temporary_file_cleanup.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <unordered_set>

namespace armfix {

namespace {

std::mutex& tracked_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::unordered_set<std::string>& tracked_paths() {
  static std::unordered_set<std::string> paths;
  return paths;
}

sigset_t interrupting_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// Ends the process the way the signal does by default, so the shell sees the usual status. The
// lock stays held: a writer about to create a temporary file waits until the process is gone.
[[noreturn]] void remove_tracked_files_and_die_of(int signal_number) {
  tracked_mutex().lock();
  for (const auto& path : tracked_paths())
    ::unlink(path.c_str());
  ::signal(signal_number, SIG_DFL);
  sigset_t just_this;
  sigemptyset(&just_this);
  sigaddset(&just_this, signal_number);
  pthread_sigmask(SIG_UNBLOCK, &just_this, nullptr);
  ::raise(signal_number);
  ::_exit(128 + signal_number);  // only if the default action was not to terminate
}

}  // namespace

// The signals are read from a signalfd by an ordinary thread, so the cleanup may lock, allocate
// and unlink freely: none of that is allowed in a signal handler.
TemporaryFileCleanup::TemporaryFileCleanup() {
  const sigset_t signals = interrupting_signals();
  pthread_sigmask(SIG_BLOCK, &signals, &previous_mask_);
  signal_fd_ = ::signalfd(-1, &signals, SFD_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ >= 0 && stop_fd_ >= 0) waiter_ = std::thread([this] { wait_for_signal(); });
}

TemporaryFileCleanup::~TemporaryFileCleanup() {
  if (waiter_.joinable()) {
    const std::uint64_t one = 1;
    if (::write(stop_fd_, &one, sizeof one) == sizeof one) waiter_.join();
    if (waiter_.joinable()) waiter_.detach();  // cannot be woken: left to end with the process
  }
  if (signal_fd_ >= 0) ::close(signal_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void TemporaryFileCleanup::wait_for_signal() const {
  pollfd watched[2] = {{signal_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(watched, 2, -1) < 0) continue;  // EINTR
    if ((watched[1].revents & POLLIN) != 0) return;
    signalfd_siginfo received{};
    if ((watched[0].revents & POLLIN) != 0 &&
        ::read(signal_fd_, &received, sizeof received) == sizeof received) {
      remove_tracked_files_and_die_of(static_cast<int>(received.ssi_signo));
    }
  }
}

// Creating under the lock the cleanup takes is what closes the window: a file created first
// and tracked afterwards could be created while the cleanup runs, and be left behind.
int TemporaryFileCleanup::create_tracked(std::string& name_template) {
  std::lock_guard<std::mutex> lock(tracked_mutex());
  const int fd = ::mkstemp(name_template.data());
  if (fd < 0) return -1;
  try {
    tracked_paths().insert(name_template);
  } catch (...) {
    ::unlink(name_template.c_str());
    ::close(fd);
    throw;
  }
  return fd;
}

void TemporaryFileCleanup::untrack(const std::string& path) {
  std::lock_guard<std::mutex> lock(tracked_mutex());
  tracked_paths().erase(path);
}

}  // namespace armfix
