// The armfix command line: parse the options, then hand them to the runner.
#include <iostream>

#include "armfix/cli_options.hpp"
#include "armfix/pipeline.hpp"
#include "armfix/runner.hpp"

int main(int argc, char** argv) {
  armfix::ParsedCommandLine parsed = armfix::parse_command_line(argc, argv, std::cout, std::cerr);
  if (!parsed.options) return parsed.exit_code;
  return armfix::run(*parsed.options, armfix::process_text);
}
