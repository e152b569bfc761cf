// A fixed pool of worker threads over a list of independent tasks.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

namespace armfix {

// Runs task(0) ... task(count - 1) on `jobs` threads that pull the next index from a shared
// counter, so no thread is started per task. Callers store results by index, which keeps
// output order independent of scheduling. While waiting, the calling thread runs `tick` about
// every `tick_interval`. An exception thrown by a task is rethrown here after all threads end.
void run_in_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                     const std::function<void()>& tick,
                     std::chrono::milliseconds tick_interval = std::chrono::milliseconds(100));

}  // namespace armfix
