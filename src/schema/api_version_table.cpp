// The apiVersion table of AKS clusters: parsing the embedded data/aks/managed-clusters.tsv and
// answering from it (see api_version_table.hpp; the format is in docs/schemas.md).
#include "schema/api_version_table.hpp"

#include <unordered_map>

#include <mutex>

#include <charconv>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/ascii.hpp"

// Written by cmake/embed_text.cmake from data/aks/managed-clusters.tsv at build time.
namespace armfix::embedded {
extern const char managed_clusters_tsv[];
extern const std::size_t managed_clusters_tsv_size;
}  // namespace armfix::embedded

namespace armfix {
namespace {

constexpr std::string_view kVersionsTag = "versions";
constexpr std::string_view kPreviewSuffix = "-preview";
constexpr std::string_view kAbsent = "-";  // the table's empty type or enum
constexpr std::size_t kDateLength = 10;    // YYYY-MM-DD

[[noreturn]] void malformed(std::size_t line, const std::string& why) {
  throw std::runtime_error("apiVersion table, line " + std::to_string(line) + ": " + why);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// "properties.agentPoolProfiles[].name" -> {"properties", "agentPoolProfiles", "[]", "name"}.
PropertyPath parse_path(std::string_view text, std::size_t line) {
  constexpr std::string_view kElement = "[]";
  PropertyPath path;
  for (std::string_view key : split(text, '.')) {
    std::size_t elements = 0;
    while (key.size() > kElement.size() && key.substr(key.size() - kElement.size()) == kElement) {
      key.remove_suffix(kElement.size());
      ++elements;
    }
    if (key.empty()) malformed(line, "empty key in path '" + std::string(text) + "'");
    path.emplace_back(key);
    path.insert(path.end(), elements, std::string(kElement));
  }
  return path;
}

std::size_t parse_index(std::string_view text, std::size_t count, std::size_t line) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value >= count) {
    malformed(line, "'" + std::string(text) + "' is no index into the versions line");
  }
  return value;
}

// "0-2,5" -> the bits 0, 1, 2 and 5 of `count`.
std::vector<bool> parse_ranges(std::string_view text, std::size_t count, std::size_t line) {
  std::vector<bool> bits(count, false);
  for (const std::string_view range : split(text, ',')) {
    const std::size_t dash = range.find('-');
    const std::size_t first = parse_index(range.substr(0, dash), count, line);
    const std::size_t last =
        dash == std::string_view::npos ? first : parse_index(range.substr(dash + 1), count, line);
    if (last < first) malformed(line, "range '" + std::string(range) + "' runs backwards");
    for (std::size_t index = first; index <= last; ++index)
      bits[index] = true;
  }
  return bits;
}

SchemaProperty parse_property(const std::vector<std::string_view>& fields, std::size_t line) {
  SchemaProperty property;
  if (fields[1] != kAbsent) property.type = fields[1];
  if (fields[2] != "yes" && fields[2] != "no") malformed(line, "required is neither yes nor no");
  property.required = fields[2] == "yes";
  if (fields[3] != kAbsent) {
    for (const std::string_view value : split(fields[3], '|'))
      property.allowed.emplace_back(value);
  }
  return property;
}

// Where a version sorts: its date, then GA before preview. nullopt for no YYYY-MM-DD[-preview].
std::optional<std::pair<std::string, bool>> order_key(std::string_view version) {
  if (version.size() < kDateLength) return std::nullopt;
  for (std::size_t at = 0; at < kDateLength; ++at) {
    const bool dash = at == 4 || at == 7;
    const char c = version[at];
    if (dash ? c != '-' : (c < '0' || c > '9')) return std::nullopt;
  }
  const std::string_view suffix = version.substr(kDateLength);
  const bool preview =
      ends_with_ignore_case(suffix, kPreviewSuffix) && suffix.size() == kPreviewSuffix.size();
  if (!suffix.empty() && !preview) return std::nullopt;
  return std::make_pair(std::string(version.substr(0, kDateLength)), preview);
}

}  // namespace

const ApiVersionTable& ApiVersionTable::managed_clusters() {
  // A function-local static: parsed once, on first use, safely from any thread.
  static const ApiVersionTable table =
      parse(std::string_view(embedded::managed_clusters_tsv, embedded::managed_clusters_tsv_size));
  return table;
}

ApiVersionTable ApiVersionTable::parse(std::string_view text) {
  ApiVersionTable table;
  table.acceptance_ = std::make_shared<AcceptanceCache>();
  std::size_t number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a CRLF checkout
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> fields = split(line, '\t');
    if (table.versions_.empty()) {
      if (fields.size() != 2 || fields[0] != kVersionsTag) {
        malformed(number, "the first line that is no comment must be 'versions<TAB>...'");
      }
      table.add_versions(fields[1], number);
      continue;
    }
    if (fields.size() != 5) malformed(number, "a path line has 5 tab-separated fields");
    table.add_row(parse_path(fields[0], number), parse_property(fields, number),
                  parse_ranges(fields[4], table.versions_.size(), number), number);
  }
  if (table.versions_.empty()) malformed(number, "no versions line");
  return table;
}

void ApiVersionTable::add_versions(std::string_view list, std::size_t line) {
  for (const std::string_view version : split(list, ',')) {
    const auto key = order_key(version);
    if (!key) malformed(line, "'" + std::string(version) + "' is no apiVersion");
    if (!versions_.empty() && !(*order_key(versions_.back()) < *key)) {
      malformed(line, "'" + std::string(version) + "' is out of order");
    }
    version_index_.emplace(to_lower_ascii(version), versions_.size());
    versions_.emplace_back(version);
  }
}

void ApiVersionTable::add_row(const PropertyPath& path, SchemaProperty property,
                              std::vector<bool> versions, std::size_t line) {
  Node& node = nodes_[add_path(path)];
  for (const Row& row : node.rows) {
    for (std::size_t index = 0; index < versions.size(); ++index) {
      // One version, one answer per path.
      if (row.versions[index] && versions[index]) {
        malformed(line, "a second line of the path for " + versions_[index]);
      }
    }
  }
  node.rows.push_back(Row{std::move(property), std::move(versions)});
}

std::size_t ApiVersionTable::add_path(const PropertyPath& path) {
  std::size_t node = 0;
  for (const std::string& key : path) {
    const std::string lower = to_lower_ascii(key);
    const auto found = nodes_[node].children.find(lower);
    if (found != nodes_[node].children.end()) {
      node = found->second;
      continue;
    }
    nodes_.push_back(Node{key, {}, {}});  // may move nodes_: index it again below
    nodes_[node].children.emplace(lower, nodes_.size() - 1);
    node = nodes_.size() - 1;
  }
  return node;
}

bool ApiVersionTable::has_version(std::string_view api_version) const {
  return index_of(api_version).has_value();
}

bool ApiVersionTable::is_preview(std::string_view api_version) {
  return ends_with_ignore_case(api_version, kPreviewSuffix);
}

std::optional<SchemaProperty> ApiVersionTable::property(std::string_view api_version,
                                                        const PropertyPath& path) const {
  const auto version = index_of(api_version);
  const Row* row = version ? find(*version, path) : nullptr;
  if (row == nullptr) return std::nullopt;
  return row->property;
}

bool ApiVersionTable::accepts(std::string_view api_version, const PropertyPath& path) const {
  const auto version = index_of(api_version);
  return version && accepting(path)[*version];
}

bool ApiVersionTable::accepted_from(std::string_view current, const PropertyPath& path) const {
  const std::string_view date = current.substr(0, 10);
  const std::vector<bool>& accepted = accepting(path);
  for (std::size_t version = 0; version < versions_.size(); ++version) {
    if (!accepted[version]) continue;
    const std::string_view name = versions_[version];
    if (equals_ignore_case(name, current) || name.substr(0, 10) > date) return true;
  }
  return false;
}

struct ApiVersionTable::AcceptanceCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<bool>> by_path;  // by lower-case path
};

const std::vector<bool>& ApiVersionTable::accepting(const PropertyPath& path) const {
  std::string key;
  for (const auto& given : path) {
    key += '/';
    key += element_index(given) ? std::string("[]") : to_lower_ascii(given);
  }
  const std::lock_guard<std::mutex> lock(acceptance_->mutex);
  // Elements of an unordered_map stay where they are as it grows: the reference stays valid.
  auto [entry, added] = acceptance_->by_path.try_emplace(std::move(key));
  if (added) {
    entry->second.resize(versions_.size());
    for (std::size_t version = 0; version < versions_.size(); ++version)
      entry->second[version] = find(version, path) != nullptr;
  }
  return entry->second;
}

std::vector<PropertyPath> ApiVersionTable::unaccepted(
    std::string_view api_version, const std::vector<PropertyPath>& paths) const {
  std::vector<PropertyPath> dropped;
  for (const PropertyPath& path : paths) {
    if (!accepts(api_version, path)) dropped.push_back(path);
  }
  return dropped;
}

std::vector<std::string> ApiVersionTable::required_keys(std::string_view api_version,
                                                        const PropertyPath& object) const {
  std::vector<std::string> keys;
  const auto version = index_of(api_version);
  const auto node = version ? find_node(*version, object) : std::nullopt;
  if (!node) return keys;
  for (const auto& [lower, child] : nodes_[*node].children) {
    const Row* row = row_of(child, *version);
    if (row != nullptr && row->property.required) keys.push_back(nodes_[child].key);
  }
  return keys;
}

std::optional<std::string> ApiVersionTable::lowest_accepting(
    std::string_view from, const std::vector<PropertyPath>& needs,
    const std::vector<PropertyPath>& keeps) const {
  // The version in use, preview or not, needs no raise when it already accepts everything.
  if (const auto current = index_of(from); current && accepts_all(*current, needs, keeps)) {
    return versions_[*current];
  }
  const std::size_t start = first_from(from);
  // Previews change and retire quickly: one is an answer only when no GA version is.
  for (const bool preview : {false, true}) {
    for (std::size_t version = start; version < versions_.size(); ++version) {
      if (is_preview(versions_[version]) == preview && accepts_all(version, needs, keeps)) {
        return versions_[version];
      }
    }
  }
  return std::nullopt;
}

bool ApiVersionTable::LessIgnoringCase::operator()(std::string_view a, std::string_view b) const {
  const std::size_t size = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < size; ++i) {
    const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
    const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::optional<std::size_t> ApiVersionTable::index_of(std::string_view api_version) const {
  const auto found = version_index_.find(api_version);
  if (found == version_index_.end()) return std::nullopt;
  return found->second;
}

// The first version at or after `from` by table order, which places a version missing from the
// table by its date; versions_.size() when `from` is no apiVersion.
std::size_t ApiVersionTable::first_from(std::string_view from) const {
  const auto key = order_key(from);
  if (!key) return versions_.size();
  std::size_t index = 0;
  while (index < versions_.size() && *order_key(versions_[index]) < *key)
    ++index;
  return index;
}

bool ApiVersionTable::accepts_all(std::size_t version, const std::vector<PropertyPath>& needs,
                                  const std::vector<PropertyPath>& keeps) const {
  for (const auto* paths : {&needs, &keeps}) {
    for (const PropertyPath& path : *paths) {
      if (!accepting(path)[version]) return false;
    }
  }
  return true;
}

const ApiVersionTable::Row* ApiVersionTable::row_of(std::size_t node, std::size_t version) const {
  for (const Row& row : nodes_[node].rows) {
    if (row.versions[version]) return &row;
  }
  return nullptr;
}

// The row of `path` in `version`: a key the schema names first, else the map entry "*" of its
// parent ("[]", or an element index, matches array elements only).
const ApiVersionTable::Row* ApiVersionTable::find(std::size_t version,
                                                  const PropertyPath& path) const {
  if (path.empty()) return nullptr;
  const auto node = find_node(version, path);
  return node ? row_of(*node, version) : nullptr;
}

// The node of `path` in `version`, matched as find() matches it; the resource itself for the
// empty path.
std::optional<std::size_t> ApiVersionTable::find_node(std::size_t version,
                                                      const PropertyPath& path) const {
  std::size_t node = 0;
  for (const std::string& given : path) {
    // An element index (element_key) is any element to the schema.
    const std::string_view key = element_index(given) ? std::string_view("[]") : given;
    const auto& children = nodes_[node].children;
    const auto exact = children.find(key);
    if (exact != children.end() && row_of(exact->second, version) != nullptr) {
      node = exact->second;
      continue;
    }
    const auto entry = key == "[]" ? children.end() : children.find("*");
    if (entry == children.end() || row_of(entry->second, version) == nullptr) return std::nullopt;
    node = entry->second;
  }
  return node;
}

}  // namespace armfix
