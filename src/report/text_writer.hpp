// Where output goes a part at a time: a stream, a file, or a string being built.
#pragma once

#include <functional>
#include <string_view>

namespace armfix {

using TextWriter = std::function<void(std::string_view)>;

}  // namespace armfix
