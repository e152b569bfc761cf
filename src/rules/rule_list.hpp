// --list-rules: each rule armfix fixes, with its ref, synopsis, docs link and safety notes.
#pragma once

#include <string>

namespace armfix {

std::string rule_list();

}  // namespace armfix
