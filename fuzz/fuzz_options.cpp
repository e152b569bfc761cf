// libFuzzer target for option values: any bytes (invalid UTF-8, control characters, quotes,
// `${`, line breaks) as --workspace-param, --workspace-id, --workspace-id-for and --rule, and as
// the checked file's name, through the command-line parser, the ARM and Bicep pipelines, both
// kinds of parameter file and every report. See option_property_checks.hpp.
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_common.hpp"
#include "option_property_checks.hpp"

namespace {

constexpr std::size_t kMaxValueBytes = 96;

armfix::fuzz::FuzzedOptions options_of(FuzzedDataProvider& input) {
  armfix::fuzz::FuzzedOptions fuzzed;
  auto value = [&] { return input.ConsumeRandomLengthString(kMaxValueBytes); };
  std::vector<std::string>& arguments = fuzzed.arguments;
  if (input.ConsumeBool()) arguments.insert(arguments.end(), {"--workspace-param", value()});
  if (input.ConsumeBool()) arguments.insert(arguments.end(), {"--workspace-id", value()});
  if (input.ConsumeBool()) {
    fuzzed.workspace_id_for_given = true;
    fuzzed.workspace_id_for = value();
    arguments.insert(arguments.end(),
                     {"--workspace-id-for", "main.parameters.json=" + fuzzed.workspace_id_for});
  }
  if (input.ConsumeBool()) arguments.insert(arguments.end(), {"--rule", value()});
  if (input.ConsumeBool()) arguments.emplace_back("--unsafe-fixes");
  if (input.ConsumeBool()) arguments.emplace_back("--no-workspace");
  fuzzed.file_name = value();
  // After `--`, a name that starts with `-` is a path too.
  arguments.insert(arguments.end(),
                   {"--", fuzzed.file_name.empty() ? "main.json" : fuzzed.file_name});
  return fuzzed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const armfix::fuzz::FuzzedOptions fuzzed = options_of(input);
  if (auto problem = armfix::fuzz::check_options(fuzzed))
    armfix::fuzz::fail("fuzz_options", *problem);
  return 0;
}
