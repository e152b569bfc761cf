// Standard output and error with every write checked. A diff, patch or report that does not
// reach its stream (a full disk, a closed pipe, a closed descriptor) is lost output: the run
// must say so and exit 2 rather than let the exit code claim success.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace armfix {

class CheckedStream {
 public:
  // `name` says which stream it is in the error message: "standard output".
  CheckedStream(std::FILE* stream, const char* name) : stream_(stream), name_(name) {}

  std::FILE* stream() const { return stream_; }

  // Writes `text`; after a failure it writes nothing more, as the stream takes nothing more.
  void write(std::string_view text);
  // Flushes the buffer. False when anything written to the stream was lost, by this object or
  // by anyone else writing to the stream (the progress line, iostreams).
  bool flush();

  bool failed() const { return error_ != 0; }
  // "cannot write to standard output: No space left on device"
  std::string failure() const;

 private:
  void check(bool ok);

  std::FILE* stream_;
  const char* name_;
  int error_ = 0;  // errno of the first failure
};

// Flushes `out` and `err` and, when `err` still works, says on it which could not be written.
// False when either lost output: the run then exits 2.
bool finish_output(CheckedStream& out, CheckedStream& err);

}  // namespace armfix
