// Everything about a file but its bytes, carried over to the file that replaces it.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>

namespace armfix {

// Gives `replacement`, a file armfix created, the owner and group, mode (all 07777 bits), ACLs
// and other extended attributes of `original`, whose fstat is `status`. Extended attributes are
// those the process can list. Nothing is dropped silently: when the system refuses one, the
// reason, ending in "; not written", and the replacement must not be used.
std::optional<std::string> carry_over_metadata(int original, const struct stat& status,
                                               int replacement);

}  // namespace armfix
