// The worker pool behind --jobs.
#include "armfix/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
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
  for (std::size_t i = 0; i < workers; ++i)
    threads.emplace_back(work);
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (!all_done.wait_for(lock, tick_interval, [&] { return finished_workers == workers; })) {
      lock.unlock();
      if (tick) tick();
      lock.lock();
    }
  }
  for (auto& thread : threads)
    thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace armfix
