// Owner, mode and extended attributes carried from a file to its replacement.
#include "io/file_metadata.hpp"

#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace armfix {

namespace {

constexpr const char* kAccessAcl = "system.posix_acl_access";

std::string refusal(const std::string& what) {
  return what + ": " + std::strerror(errno) + "; not written";
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Asks for the size, then the bytes, again if they grew in between: the xattr calls' protocol.
template <typename Get>
bool get_sized(std::vector<char>& bytes, const Get& get) {
  for (;;) {
    ssize_t size = get(nullptr, 0);
    if (size < 0) return false;
    bytes.resize(static_cast<std::size_t>(size));
    size = get(bytes.data(), bytes.size());
    if (size >= 0) {
      bytes.resize(static_cast<std::size_t>(size));
      return true;
    }
    if (errno != ERANGE) return false;
  }
}

// The names of the extended attributes the process can list; none where there are none.
bool attribute_names(int fd, std::vector<std::string>& names) {
  std::vector<char> list;
  names.clear();
  if (!get_sized(list, [&](char* at, std::size_t size) { return ::flistxattr(fd, at, size); })) {
    return errno == ENOTSUP;
  }
  for (std::size_t at = 0; at < list.size();) {
    names.emplace_back(list.data() + at);
    at += names.back().size() + 1;
  }
  return true;
}

std::optional<std::string> carry_over_owner(const struct stat& status, int replacement) {
  if (::fchown(replacement, status.st_uid, status.st_gid) == 0) return std::nullopt;
  const int error = errno;
  struct stat got {};
  // Only root may give a file away; anyone may keep what the new file got anyway.
  if (::fstat(replacement, &got) == 0 && got.st_uid == status.st_uid &&
      got.st_gid == status.st_gid) {
    return std::nullopt;
  }
  errno = error;
  return refusal("cannot keep the owner (uid " + std::to_string(status.st_uid) +
                 ") and group (gid " + std::to_string(status.st_gid) + ")");
}

// The attributes the new file got by itself that the original lacks go (an access ACL inherited
// from the directory's default ACL, say); then the original's are set, its ACL first.
std::optional<std::string> carry_over_attributes(int original, int replacement) {
  std::vector<std::string> wanted;
  std::vector<std::string> present;
  if (!attribute_names(original, wanted)) return refusal("cannot list extended attributes");
  if (!attribute_names(replacement, present)) return refusal("cannot list extended attributes");
  for (const auto& name : present) {
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) continue;
    if (::fremovexattr(replacement, name.c_str()) != 0) {
      return refusal("cannot drop extended attribute '" + name + "', which the file did not have");
    }
  }
  std::stable_partition(wanted.begin(), wanted.end(),
                        [](const std::string& name) { return name == kAccessAcl; });
  std::vector<char> value;
  for (const auto& name : wanted) {
    if (!get_sized(value, [&](char* at, std::size_t size) {
          return ::fgetxattr(original, name.c_str(), at, size);
        })) {
      return refusal("cannot read extended attribute '" + name + "'");
    }
    if (::fsetxattr(replacement, name.c_str(), value.data(), value.size(), 0) != 0) {
      return refusal("cannot keep extended attribute '" + name + "'");
    }
  }
  return std::nullopt;
}

}  // namespace

// In this order, as each step can undo part of an earlier one: a new owner clears setuid and
// setgid, which the mode restores; a mode rewrites the ACL's mask, which the ACL restores.
std::optional<std::string> carry_over_metadata(int original, const struct stat& status,
                                               int replacement) {
  if (auto refused = carry_over_owner(status, replacement)) return refused;
  if (::fchmod(replacement, status.st_mode & 07777) != 0) {
    return refusal("cannot keep the file mode " + octal_mode(status.st_mode));
  }
  if (auto refused = carry_over_attributes(original, replacement)) return refused;
  // The system may still clear setgid silently, for one: when the group is not the writer's.
  struct stat got {};
  if (::fstat(replacement, &got) != 0) return refusal("cannot keep the file mode");
  if ((got.st_mode & 07777) != (status.st_mode & 07777)) {
    return "cannot keep the file mode " + octal_mode(status.st_mode) + " (the system made it " +
           octal_mode(got.st_mode) + "); not written";
  }
  return std::nullopt;
}

}  // namespace armfix
