// Checked writes to standard output and error.
#include "io/checked_stream.hpp"

#include <cerrno>
#include <cstring>

namespace armfix {

void CheckedStream::check(bool ok) {
  if (error_ != 0) return;
  if (!ok) {
    error_ = errno != 0 ? errno : EIO;
  } else if (std::ferror(stream_) != 0) {
    error_ = EIO;  // a write elsewhere failed; its errno is gone
  }
}

void CheckedStream::write(std::string_view text) {
  if (error_ != 0 || text.empty()) return;
  errno = 0;
  check(std::fwrite(text.data(), 1, text.size(), stream_) == text.size());
}

bool CheckedStream::flush() {
  if (error_ == 0) {
    errno = 0;
    check(std::fflush(stream_) == 0);
  }
  return error_ == 0;
}

std::string CheckedStream::failure() const {
  return std::string("cannot write to ") + name_ + ": " + std::strerror(error_);
}

bool finish_output(CheckedStream& out, CheckedStream& err) {
  const bool out_ok = out.flush();
  if (!out_ok) err.write("armfix: error: " + out.failure() + "\n");
  const bool err_ok = err.flush();
  return out_ok && err_ok;
}

}  // namespace armfix
