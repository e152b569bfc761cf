// A fixed pool of worker threads over a list of independent tasks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace armfix {

// Runs task(0) ... task(count - 1) on `jobs` threads that pull the next index from a shared
// counter, so no thread is started per task. Callers store results by index, which keeps
// output order independent of scheduling. While waiting, the calling thread runs `tick` about
// every `tick_interval`. An exception thrown by a task is rethrown here after all threads end.
void run_in_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                     const std::function<void()>& tick,
                     std::chrono::milliseconds tick_interval = std::chrono::milliseconds(100));

// Jobs run on background threads while their producer goes on: --write flushes staged files
// to disk while the next files are parsed. submit waits while `max_pending` jobs are queued or
// running, which bounds what they hold (an open file each, for --write).
class BackgroundJobs {
 public:
  BackgroundJobs(unsigned threads, std::size_t max_pending);
  ~BackgroundJobs();  // waits for the jobs, as finish() does, but rethrows nothing
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  void submit(std::function<void()> job);
  // Waits until every submitted job has ended; rethrows the first exception a job threw.
  void finish();

 private:
  void work();
  void stop_and_join();

  const std::size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable job_ended_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;
};

}  // namespace armfix
