// --write and the names of a file: hard links are refused, not broken; a name too long for the
// usual temporary name is still written.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "cli_support.hpp"

using namespace armfix::cli_test;

namespace {

ino_t inode_of(const fs::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_ino;
}

constexpr const char* kTwoLinks =
    "has 2 hard links: replacing it would leave the other names with the old text; not written "
    "(to keep the links, fix a copy and cp it over the file)";

}  // namespace

TEST_CASE("a hard-linked template is not written, and both names keep their text",
          "[cli][e2e][write-links]") {
  TempDir dir;
  write_text(dir / "infra/aks.json", cluster_template());
  fs::create_directories(dir / "elsewhere");
  fs::create_hard_link(dir / "infra/aks.json", dir / "elsewhere/aks.json");

  CommandResult write = run_armfix({"--write", "infra"}, dir.path());
  CHECK(write.exit_code == 2);
  CHECK_THAT(write.out,
             Catch::Contains(std::string("infra/aks.json:1:1: error: ") + kTwoLinks + "\n"));
  CHECK(read_text(dir / "infra/aks.json") == cluster_template());
  CHECK(inode_of(dir / "infra/aks.json") == inode_of(dir / "elsewhere/aks.json"));
  CHECK(files_in(dir.path()) == std::vector<std::string>{"elsewhere/aks.json", "infra/aks.json"});

  // The fix is still shown, to be applied through the link.
  TempDir unlinked;
  write_text(unlinked / "infra/aks.json", cluster_template());
  CommandResult expected = run_armfix({"--dry-run", "infra"}, unlinked.path());
  REQUIRE(expected.exit_code == 1);
  REQUIRE_THAT(expected.out, Catch::Contains("+++ b/infra/aks.json"));
  CommandResult dry_run = run_armfix({"--dry-run", "infra"}, dir.path());
  CHECK(dry_run.exit_code == 1);
  CHECK(dry_run.out == expected.out);
}

TEST_CASE("a hard-linked parameter file is not given its value",
          "[cli][e2e][write-links][parameter-files]") {
  TempDir dir;
  const std::string parameters = parameter_file();
  write_text(dir / "aks.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2023-01-01",
      "name": "aks1",
      "location": "westeurope",
      "properties": {
        "dnsPrefix": "aks"
      }
    }
  ]
}
)");
  write_text(dir / "aks.parameters.json", parameters);
  fs::create_directories(dir / "elsewhere");
  fs::create_hard_link(dir / "aks.parameters.json", dir / "elsewhere/parameters.json");

  CommandResult write =
      run_armfix({"--write", "--workspace-id-for",
                  "aks.parameters.json=/subscriptions/s/workspaces/w", "aks.json"},
                 dir.path());
  CHECK(write.exit_code == 2);
  CHECK_THAT(write.out,
             Catch::Contains(std::string("aks.parameters.json:1:1: error: ") + kTwoLinks));
  CHECK(read_text(dir / "aks.parameters.json") == parameters);
  CHECK(inode_of(dir / "aks.parameters.json") == inode_of(dir / "elsewhere/parameters.json"));
}

TEST_CASE("a template whose name is 250 bytes long is written", "[cli][e2e][write-links]") {
  TempDir dir;
  const std::string name = std::string(245, 'a') + ".json";
  write_text(dir / name, cluster_template());
  TempDir reference;
  write_text(reference / "a.json", cluster_template());
  REQUIRE(run_armfix({"--write", "a.json"}, reference.path()).exit_code == 0);

  CommandResult write = run_armfix({"--write", name}, dir.path());
  CHECK(write.exit_code == 0);
  CHECK(write.err.empty());
  CHECK(read_text(dir / name) == read_text(reference / "a.json"));
  CHECK(files_in(dir.path()) == std::vector<std::string>{name});
}
