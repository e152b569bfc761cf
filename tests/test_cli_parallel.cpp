// Tests of the worker pool behind --jobs.
#include "core/parallel.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

TEST_CASE("every task runs exactly once, whatever the number of jobs", "[cli]") {
  for (unsigned jobs : {1u, 3u, 64u}) {
    std::vector<std::atomic<int>> runs(100);
    armfix::run_in_parallel(runs.size(), jobs, [&](std::size_t i) { ++runs[i]; }, {});
    for (const auto& count : runs)
      CHECK(count == 1);
  }
  armfix::run_in_parallel(0, 4, [](std::size_t) { FAIL("no task expected"); }, {});
}

TEST_CASE("tasks run on several threads at once", "[cli]") {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  armfix::run_in_parallel(8, 4,
                          [&](std::size_t) {
                            int now = ++running;
                            for (int seen = most;
                                 now > seen && !most.compare_exchange_weak(seen, now);) {
                            }
                            std::this_thread::sleep_for(std::chrono::milliseconds(20));
                            --running;
                          },
                          {});
  CHECK(most > 1);
}

TEST_CASE("the waiting thread ticks while tasks run", "[cli]") {
  std::atomic<int> ticks{0};
  armfix::run_in_parallel(
      1, 1, [](std::size_t) { std::this_thread::sleep_for(std::chrono::milliseconds(60)); },
      [&] { ++ticks; }, std::chrono::milliseconds(5));
  CHECK(ticks >= 2);
}

TEST_CASE("an exception in a task reaches the caller", "[cli]") {
  CHECK_THROWS_WITH(armfix::run_in_parallel(10, 3,
                                            [](std::size_t i) {
                                              if (i == 5) throw std::runtime_error("task 5 failed");
                                            },
                                            {}),
                    "task 5 failed");
}

TEST_CASE("background jobs all run, and finish waits for them", "[cli]") {
  std::vector<std::atomic<int>> runs(50);
  armfix::BackgroundJobs jobs(4, 8);
  for (std::size_t i = 0; i < runs.size(); ++i)
    jobs.submit([&runs, i] { ++runs[i]; });
  jobs.finish();
  for (const auto& count : runs)
    CHECK(count == 1);
}

TEST_CASE("background jobs pending at once are bounded", "[cli]") {
  // At most 2 pending: each submit returns only once the job two before has ended.
  std::atomic<int> finished{0};
  int most_outstanding = 0;
  armfix::BackgroundJobs jobs(4, 2);
  for (int submitted = 1; submitted <= 20; ++submitted) {
    jobs.submit([&finished] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++finished;
    });
    most_outstanding = std::max(most_outstanding, submitted - finished.load());
  }
  jobs.finish();
  CHECK(most_outstanding <= 2);
  CHECK(finished == 20);
}

TEST_CASE("an exception in a background job reaches finish", "[cli]") {
  armfix::BackgroundJobs jobs(2, 100);
  jobs.submit([] { throw std::runtime_error("job failed"); });
  jobs.submit([] {});
  CHECK_THROWS_WITH(jobs.finish(), "job failed");
  jobs.finish();  // reported once
}
