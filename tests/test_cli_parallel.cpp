// Tests of the worker pool behind --jobs.
#include "armfix/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
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
