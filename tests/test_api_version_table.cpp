// Specifies the apiVersion table of AKS clusters: facts of the ARM schemas (checked against the
// schema files of ../shared/arm-schemas), lookups ignoring case with map entries and array
// elements, the GA-first rule of lowest_accepting, and parse errors of malformed tables.
#include "schema/api_version_table.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using armfix::ApiVersionTable;
using armfix::PropertyPath;
using armfix::SchemaProperty;

const ApiVersionTable& table() {
  return ApiVersionTable::managed_clusters();
}

const PropertyPath kDefenderMonitoring{"properties", "securityProfile", "defender",
                                       "securityMonitoring", "enabled"};
const PropertyPath kDefender{"properties", "securityProfile", "defender"};
const PropertyPath kAzureDefender{"properties", "securityProfile", "azureDefender"};
const PropertyPath kOidcIssuer{"properties", "oidcIssuerProfile"};
const PropertyPath kWorkloadIdentity{"properties", "securityProfile", "workloadIdentity"};
const PropertyPath kUpgradeChannel{"properties", "autoUpgradeProfile", "upgradeChannel"};
const PropertyPath kLoadBalancerSku{"properties", "networkProfile", "loadBalancerSku"};
const PropertyPath kEnableRbac{"properties", "enableRBAC"};

// The first version of the table accepting `path`, a GA one when `ga_only`.
std::optional<std::string> first_accepting(const PropertyPath& path, bool ga_only) {
  for (const std::string& version : table().versions()) {
    if ((!ga_only || !ApiVersionTable::is_preview(version)) && table().accepts(version, path)) {
      return version;
    }
  }
  return std::nullopt;
}

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the embedded table is data/aks/managed-clusters.tsv, in date order", "[schema]") {
  const ApiVersionTable on_disk = ApiVersionTable::parse(
      read_text(std::string(ARMFIX_SOURCE_DIR) + "/data/aks/managed-clusters.tsv"));
  const std::vector<std::string>& versions = table().versions();
  CHECK(versions == on_disk.versions());
  // 121 schema files; 8 of them define containerServices or openShiftManagedClusters only.
  REQUIRE(versions.size() == 113);
  CHECK(versions.front() == "2017-08-31");
  CHECK(versions[1] == "2018-03-31");
  CHECK(versions[2] == "2018-08-01-preview");
  CHECK(versions.back() == "2026-05-02-preview");
  CHECK_FALSE(table().has_version("2017-07-01"));  // containerServices only
  CHECK_FALSE(table().has_version("2019-04-30"));  // openShiftManagedClusters only
}

TEST_CASE("versions are known ignoring case, and previews end in -preview", "[schema]") {
  CHECK(table().has_version("2022-06-01"));
  CHECK(table().has_version("2021-11-01-PREVIEW"));
  CHECK_FALSE(table().has_version("2022-06-15"));
  CHECK_FALSE(table().has_version(""));
  CHECK(ApiVersionTable::is_preview("2021-11-01-preview"));
  CHECK(ApiVersionTable::is_preview("2021-11-01-Preview"));
  CHECK_FALSE(ApiVersionTable::is_preview("2022-06-01"));
}

TEST_CASE("2022-06-01 has Defender's securityMonitoring but no oidcIssuerProfile", "[schema]") {
  CHECK(table().accepts("2022-06-01", kDefenderMonitoring));
  CHECK_FALSE(table().accepts("2022-06-01", kOidcIssuer));
  CHECK_FALSE(table().accepts("2022-06-01", kAzureDefender));
  const auto enabled = table().property("2022-06-01", kDefenderMonitoring);
  REQUIRE(enabled);
  CHECK(*enabled == SchemaProperty{"boolean", false, {}});
}

TEST_CASE("2021-11-01-preview has oidcIssuerProfile and the older azureDefender", "[schema]") {
  CHECK(table().accepts("2021-11-01-preview", kOidcIssuer));
  CHECK(table().accepts("2021-11-01-preview", kAzureDefender));
  CHECK_FALSE(table().accepts("2021-11-01-preview", kDefender));
  CHECK_FALSE(table().accepts("2021-11-01-preview", kWorkloadIdentity));
}

TEST_CASE("the first versions of properties the rules set", "[schema]") {
  CHECK(first_accepting(kDefender, true) == "2022-06-01");
  CHECK(first_accepting(kDefender, false) == "2022-05-02-preview");
  CHECK(first_accepting(kUpgradeChannel, false) == "2020-11-01");
  CHECK(first_accepting(kLoadBalancerSku, true) == "2019-04-01");
  CHECK(first_accepting(kEnableRbac, false) == "2018-03-31");
  CHECK(first_accepting(kOidcIssuer, true) == "2022-09-01");
  CHECK(first_accepting(kWorkloadIdentity, true) == "2023-02-01");
  CHECK(first_accepting({"properties", "safeguardsProfile"}, true) == std::nullopt);
}

TEST_CASE("a raise to Defender keeps oidcIssuerProfile and workloadIdentity", "[schema]") {
  // 2022-06-01 has no oidcIssuerProfile, 2022-09-01 to 2023-01-01 no workloadIdentity: the
  // first GA version with all three is 2023-02-01, though 2022-05-02-preview has them too.
  CHECK(table().lowest_accepting("2021-11-01-preview", {kDefenderMonitoring},
                                 {kOidcIssuer, kWorkloadIdentity}) == "2023-02-01");
  CHECK(table()
            .unaccepted("2022-05-02-preview", {kDefenderMonitoring, kOidcIssuer, kWorkloadIdentity})
            .empty());
  CHECK(table().lowest_accepting("2022-05-02-preview", {kDefenderMonitoring},
                                 {kOidcIssuer, kWorkloadIdentity}) == "2022-05-02-preview");
  CHECK(table().lowest_accepting("2021-11-01-preview", {kDefenderMonitoring}, {}) == "2022-06-01");
  CHECK(table().unaccepted("2022-06-01",
                           {kDefenderMonitoring, kOidcIssuer, kWorkloadIdentity, kAzureDefender}) ==
        std::vector<PropertyPath>{kOidcIssuer, kWorkloadIdentity, kAzureDefender});
  CHECK(table()
            .unaccepted("2023-02-01", {kDefenderMonitoring, kOidcIssuer, kWorkloadIdentity})
            .empty());
}

TEST_CASE("lowest_accepting takes a GA version over a lower preview", "[schema]") {
  // 2022-05-02-preview is the first with Defender; 2022-06-01 the first GA.
  CHECK(table().lowest_accepting("2022-01-01", {kDefender}, {}) == "2022-06-01");
  // Only previews have kubernetesResourceObjectEncryptionProfile; 2025-06-02-preview is the first.
  const PropertyPath encryption{"properties", "securityProfile",
                                "kubernetesResourceObjectEncryptionProfile"};
  CHECK(table().lowest_accepting("2025-01-01", {encryption}, {}) == "2025-06-02-preview");
  // azureDefender ended with 2022-04-02-preview: no version has both.
  CHECK(table().lowest_accepting("2021-11-01-preview", {encryption}, {kAzureDefender}) ==
        std::nullopt);
}

TEST_CASE("lowest_accepting counts from `from`, by its date when unknown", "[schema]") {
  // A version that already accepts the paths is the answer, a preview too.
  CHECK(table().lowest_accepting("2022-06-01", {kDefender}, {}) == "2022-06-01");
  CHECK(table().lowest_accepting("2022-05-02-preview", {kDefender}, {}) == "2022-05-02-preview");
  CHECK(table().lowest_accepting("2022-05-02-PREVIEW", {kDefender}, {}) == "2022-05-02-preview");
  // A preview that does not is raised to a GA version, never down.
  CHECK(table().lowest_accepting("2021-11-01-preview", {kDefender}, {}) == "2022-06-01");
  CHECK(table().lowest_accepting("2022-06-15", {kDefender}, {}) == "2022-07-01");
  CHECK(table().lowest_accepting("2022-05-31", {kDefender}, {}) == "2022-06-01");
  // A preview sorts after the GA version of its date.
  CHECK(table().lowest_accepting("2022-06-01-PREVIEW", {kDefender}, {}) == "2022-07-01");
  CHECK(table().lowest_accepting("latest", {kDefender}, {}) == std::nullopt);
  // azureDefender's last versions are 2022-04-01 and 2022-04-02-preview.
  CHECK(table().lowest_accepting("2022-03-15", {kAzureDefender}, {}) == "2022-04-01");
  CHECK(table().lowest_accepting("2022-04-15", {kAzureDefender}, {}) == std::nullopt);
}

TEST_CASE("keys compare ignoring case", "[schema]") {
  CHECK(table().accepts("2022-06-01", {"PROPERTIES", "SecurityProfile", "DEFENDER"}));
  CHECK(table().accepts("2018-03-31", {"properties", "enablerbac"}));
  CHECK_FALSE(table().accepts("2022-06-01", {"properties", "securityProfiles"}));
}

TEST_CASE("map entries match '*', array elements '[]'", "[schema]") {
  const PropertyPath omsagent{"properties", "addonProfiles", "omsagent", "enabled"};
  CHECK(table().property("2022-06-01", omsagent) == SchemaProperty{"boolean", true, {}});
  CHECK(table().property("2022-06-01", {"properties", "addonProfiles", "omsagent", "config",
                                        "logAnalyticsWorkspaceResourceID"}) ==
        SchemaProperty{"string", false, {}});
  CHECK_FALSE(table().accepts("2017-08-31", omsagent));  // addonProfiles came with 2018-03-31
  CHECK_FALSE(table().accepts("2022-06-01", {"properties", "addonProfiles", "omsagent", "x"}));

  const PropertyPath pool_name{"properties", "agentPoolProfiles", "[]", "name"};
  CHECK(table().property("2017-08-31", pool_name) == SchemaProperty{"string", true, {}});
  CHECK(table().property("2022-06-01", {"properties", "agentPoolProfiles"}) ==
        SchemaProperty{"array", false, {}});
  // An element is "[]", not an index or a key.
  CHECK_FALSE(table().accepts("2022-06-01", {"properties", "agentPoolProfiles", "0", "name"}));
  CHECK_FALSE(table().accepts("2022-06-01", {"properties", "agentPoolProfiles", "name"}));
}

TEST_CASE("enum values, and how they change between versions", "[schema]") {
  const auto early = table().property("2020-11-01", kUpgradeChannel);
  REQUIRE(early);
  CHECK(early->allowed == std::vector<std::string>{"none", "patch", "rapid", "stable"});
  CHECK(early->type == "string");
  CHECK_FALSE(early->required);
  const auto later = table().property("2022-06-01", kUpgradeChannel);
  REQUIRE(later);
  CHECK(later->allowed ==
        std::vector<std::string>{"node-image", "none", "patch", "rapid", "stable"});
  CHECK(table().property("2022-06-01", {"apiVersion"}) ==
        SchemaProperty{"string", true, {"2022-06-01"}});
  CHECK(table().property("2022-06-01", {"properties"}) == SchemaProperty{"object", true, {}});
}

TEST_CASE("no answer for an unknown version, an unknown path or the resource itself", "[schema]") {
  CHECK(table().property("2022-06-15", kEnableRbac) == std::nullopt);
  CHECK(table().property("", kEnableRbac) == std::nullopt);
  CHECK_FALSE(table().accepts("2022-06-15", kEnableRbac));
  CHECK(table().unaccepted("2022-06-15", {kEnableRbac}) == std::vector<PropertyPath>{kEnableRbac});
  CHECK(table().property("2022-06-01", {"properties", "noSuchProfile"}) == std::nullopt);
  CHECK(table().property("2022-06-01", {}) == std::nullopt);
}

TEST_CASE("a small table: preview fallback and map keys the schema also names", "[schema]") {
  const ApiVersionTable small = ApiVersionTable::parse(
      "# a comment\r\n"
      "versions\t2020-01-01,2020-01-01-preview,2020-02-01\r\n"
      "a\tobject\tno\t-\t0-2\n"
      "a.*\tstring\tno\t-\t0-2\n"
      "a.fixed\tinteger\tyes\t-\t2\n"
      "b\tstring\tno\tx|y\t1\n"
      "b\tstring\tno\tx|y|z\t2\n"
      "c\t-\tno\t-\t1\n");
  CHECK(small.versions() ==
        std::vector<std::string>{"2020-01-01", "2020-01-01-preview", "2020-02-01"});
  CHECK(small.property("2020-02-01", {"a", "fixed"}) == SchemaProperty{"integer", true, {}});
  CHECK(small.property("2020-01-01", {"a", "fixed"}) == SchemaProperty{"string", false, {}});
  CHECK(small.property("2020-01-01-preview", {"b"}) == SchemaProperty{"string", false, {"x", "y"}});
  CHECK(small.property("2020-01-01-preview", {"c"}) == SchemaProperty{"", false, {}});
  CHECK(small.lowest_accepting("2019-01-01", {{"b"}}, {}) == "2020-02-01");
  CHECK(small.lowest_accepting("2019-01-01", {{"c"}}, {}) == "2020-01-01-preview");
  CHECK(small.lowest_accepting("2019-01-01", {{"b"}}, {{"c"}}) == "2020-01-01-preview");
  CHECK(small.lowest_accepting("2019-01-01", {{"c"}}, {{"d"}}) == std::nullopt);
}

TEST_CASE("a malformed table is an error naming its line", "[schema]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(ApiVersionTable::parse("# only comments\n"), Contains("no versions line"));
  CHECK_THROWS_WITH(ApiVersionTable::parse("a\tobject\tno\t-\t0\n"), Contains("line 1"));
  CHECK_THROWS_WITH(ApiVersionTable::parse("versions\t2020-02-01,2020-01-01\n"),
                    Contains("out of order"));
  CHECK_THROWS_WITH(ApiVersionTable::parse("versions\t2020-01-01\na\tobject\tno\t-\t1\n"),
                    Contains("line 2"));
  CHECK_THROWS_WITH(ApiVersionTable::parse("versions\t2020-01-01\na\tobject\tmaybe\t-\t0\n"),
                    Contains("required"));
  CHECK_THROWS_WITH(
      ApiVersionTable::parse("versions\t2020-01-01\na\tobject\tno\t-\t0\na\tstring\tno\t-\t0\n"),
      Contains("line 3"));
  CHECK_THROWS_WITH(ApiVersionTable::parse("versions\t2020-01-01\na..b\tobject\tno\t-\t0\n"),
                    Contains("empty key"));
}
