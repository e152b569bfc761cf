// The worker pool behind --jobs.
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace armfix {

void run_in_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                     const std::function<void()>& tick, std::chrono::milliseconds tick_interval) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable all_done;
  std::size_t finished_workers = 0;
  std::exception_ptr failure;

  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(jobs, count));
  auto work = [&] {
    try {
      for (std::size_t index = next++; index < count; index = next++)
        task(index);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!failure) failure = std::current_exception();
      next = count;  // the others stop at their next task
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++finished_workers;
    all_done.notify_one();
  };

  std::vector<std::thread> threads;
  threads.reserve(workers);
  try {
    for (std::size_t i = 0; i < workers; ++i)
      threads.emplace_back(work);
  } catch (const std::system_error&) {
    // The system gives no more threads (a memory limit, a process limit): those started do
    // the work, or this one alone.
    if (threads.empty()) {
      work();
      if (failure) std::rethrow_exception(failure);
      return;
    }
  }
  const std::size_t started = threads.size();
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (!all_done.wait_for(lock, tick_interval, [&] { return finished_workers == started; })) {
      lock.unlock();
      if (tick) tick();
      lock.lock();
    }
  }
  for (auto& thread : threads)
    thread.join();
  if (failure) std::rethrow_exception(failure);
}

BackgroundJobs::BackgroundJobs(unsigned threads, std::size_t max_pending)
    : max_pending_(std::max<std::size_t>(1, max_pending)) {
  threads_.reserve(threads);
  try {
    for (unsigned i = 0; i < std::max(1U, threads); ++i)
      threads_.emplace_back([this] { work(); });
  } catch (const std::system_error&) {
    if (threads_.empty()) throw;  // else fewer threads do the jobs, only slower
  }
}

BackgroundJobs::~BackgroundJobs() {
  stop_and_join();
}

void BackgroundJobs::submit(std::function<void()> job) {
  std::unique_lock<std::mutex> lock(mutex_);
  job_ended_.wait(lock, [&] { return queue_.size() + running_ < max_pending_; });
  queue_.push_back(std::move(job));
  job_ready_.notify_one();
}

void BackgroundJobs::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  job_ended_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundJobs::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    job_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    try {
      job();
    } catch (...) {
      std::lock_guard<std::mutex> failed(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    job = nullptr;  // frees what the job held before it counts as ended
    lock.lock();
    --running_;
    job_ended_.notify_all();
  }
}

void BackgroundJobs::stop_and_join() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  job_ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace armfix
