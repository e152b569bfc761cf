// Intents merged as a tree of paths: each node a key, a value at its leaves, and the findings
// that asked for something at or below it.
#include "model/intent_merge.hpp"

#include <algorithm>
#include <map>

namespace armfix {

namespace {

struct PathTree {
  std::string key;
  std::optional<nlohmann::ordered_json> value;  // a leaf: the value to write
  std::vector<PathTree> children;               // in the order first asked for
  Owners owners;

  PathTree* child(const std::string& name) {
    for (auto& c : children) {
      if (equals_ignore_case(c.key, name)) return &c;
    }
    return nullptr;
  }
  std::size_t first_owner() const {
    if (!owners.empty()) return owners.front();
    return children.empty() ? 0 : children.front().first_owner();
  }
  void add_owner(std::size_t owner) {
    if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
  }
};

// Inserts `value` at `path` below `node`; an object is inserted member by member, so two rules
// writing different members of one object merge. Returns the owner it conflicts with.
std::optional<std::size_t> insert(PathTree& node, const PropertyPath& path, std::size_t depth,
                                  const nlohmann::ordered_json& value, std::size_t owner) {
  node.add_owner(owner);
  if (node.value) {
    // A leaf on the way, or at the end with another value: two intents disagree.
    if (depth == path.size() && *node.value == value) return std::nullopt;
    return node.owners.front();
  }
  if (depth == path.size()) {
    if (value.is_object() && !value.empty()) {
      for (const auto& [key, member] : value.items()) {
        PropertyPath below = path;
        below.push_back(key);
        if (auto other = insert(node, below, depth, member, owner)) return other;
      }
      return std::nullopt;
    }
    if (!node.children.empty()) return node.children.front().first_owner();
    node.value = value;
    return std::nullopt;
  }
  PathTree* next = node.child(path[depth]);
  if (next == nullptr) {
    node.children.push_back(PathTree{path[depth], std::nullopt, {}, {}});
    next = &node.children.back();
  }
  return insert(*next, path, depth + 1, value, owner);
}

// Whether a path below `node` goes into an array element, which a new value cannot hold.
bool has_element_key(const PathTree& node) {
  return std::any_of(node.children.begin(), node.children.end(), [](const PathTree& child) {
    return element_index(child.key) || has_element_key(child);
  });
}

nlohmann::ordered_json materialize(const PathTree& node) {
  if (node.value) return *node.value;
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& child : node.children)
    object[child.key] = materialize(child);
  return object;
}

struct Wrap {
  PropertyPath path;
  PathTree forced;
  PathTree defaults;
  bool null_safe = false;
};

// An intent written once for all the findings that ask for it.
struct Shared {
  const Intent* intent = nullptr;
  Owners owners;
};

// The intents of one resource, merged.
struct Merged {
  PathTree sets;
  std::vector<Wrap> wraps;
  std::optional<std::string> api_version;
  Owners api_owners;
  std::vector<Shared> migrations;    // one per path
  std::vector<Shared> parameters;    // one per name
  std::vector<Shared> dependencies;  // one per resource depended on
  std::vector<IntentConflict> conflicts;
};

// The entry of `list` that `same` says is the intent's, added when there is none.
template <typename Same>
Shared& shared_entry(std::vector<Shared>& list, const Intent* intent, Same same) {
  auto found = std::find_if(list.begin(), list.end(),
                            [&](const Shared& entry) { return same(*entry.intent, *intent); });
  if (found != list.end()) return *found;
  list.push_back(Shared{intent, {}});
  return list.back();
}

void add_owner(Owners& owners, std::size_t owner) {
  if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
}

void note_conflict(Merged& merged, std::size_t owner, std::size_t other, const PropertyPath& path) {
  if (owner == other) return;
  for (const auto& c : merged.conflicts) {
    if ((c.owner == owner && c.other == other) || (c.owner == other && c.other == owner)) return;
  }
  merged.conflicts.push_back(IntentConflict{other, owner, path});
}

Merged merge(const std::vector<OwnedIntent>& intents) {
  Merged merged;
  for (const OwnedIntent& owned : intents) {
    // Named copies, not a structured binding: C++17 lambdas cannot capture one.
    const std::size_t owner = owned.owner;
    const Intent* intent = owned.intent;
    switch (intent->kind) {
      case IntentKind::Set:
        if (auto other = insert(merged.sets, intent->path, 0, intent->value, owner)) {
          note_conflict(merged, owner, *other, intent->path);
        }
        break;
      case IntentKind::Wrap: {
        auto wrap = std::find_if(merged.wraps.begin(), merged.wraps.end(),
                                 [&](const Wrap& w) { return same_path(w.path, intent->path); });
        if (wrap == merged.wraps.end()) {
          merged.wraps.push_back(Wrap{intent->path, {}, {}, false});
          wrap = merged.wraps.end() - 1;
        }
        wrap->null_safe = wrap->null_safe || intent->null_safe;
        if (auto other = insert(wrap->forced, {}, 0, intent->value, owner)) {
          note_conflict(merged, owner, *other, intent->path);
        }
        if (!intent->defaults.is_null()) {
          if (auto other = insert(wrap->defaults, {}, 0, intent->defaults, owner)) {
            note_conflict(merged, owner, *other, intent->path);
          }
        }
        break;
      }
      case IntentKind::Migrate: {
        Shared& entry = shared_entry(
            merged.migrations, intent,
            [](const Intent& a, const Intent& b) { return same_path(a.path, b.path); });
        if (entry.intent->name != intent->name || entry.intent->value != intent->value) {
          note_conflict(merged, owner, entry.owners.front(), intent->path);
        }
        add_owner(entry.owners, owner);
        break;
      }
      case IntentKind::AddParameter:
        add_owner(shared_entry(merged.parameters, intent,
                               [](const Intent& a, const Intent& b) { return a.name == b.name; })
                      .owners,
                  owner);
        break;
      case IntentKind::DependOn:
        add_owner(
            shared_entry(merged.dependencies, intent,
                         [](const Intent& a, const Intent& b) { return a.target == b.target; })
                .owners,
            owner);
        break;
      case IntentKind::RaiseApiVersion:
        // Every raise is to a version with what its rule needs: the latest serves them all.
        if (!merged.api_version || intent->api_version > *merged.api_version) {
          merged.api_version = intent->api_version;
        }
        merged.api_owners.push_back(owner);
        break;
    }
  }
  return merged;
}

class TreeWriter {
 public:
  TreeWriter(const ResourceModel& model, ChangeWriter& writer) : model_(model), writer_(writer) {}

  std::optional<std::string> write(const PathTree& node, ValueRef current, ValueRef parent,
                                   PropertyPath& path) {
    // An element is written into, never added: the array's other elements keep their places.
    if (element_index(node.key) && current.is(Shape::Missing)) {
      return dotted(path) + (parent.is(Shape::Array) ? " is past the end of the array"
                                                     : " is an element of no array");
    }
    if (!node.value && !current.is(Shape::Object) && !current.is(Shape::Array) &&
        has_element_key(node)) {
      return dotted(path) + " is no array to write an element of";
    }
    if (node.value) {
      if (current.is(Shape::Missing)) {
        writer_.add_member(parent, node.key, *node.value, node.owners);
      } else {
        writer_.replace(current, *node.value, node.owners);
      }
      return std::nullopt;
    }
    switch (current.shape) {
      case Shape::Missing:
        writer_.add_member(parent, node.key, materialize(node), node.owners);
        return std::nullopt;
      case Shape::Null:
        writer_.replace(current, materialize(node), node.owners);
        return std::nullopt;
      case Shape::Object:
      case Shape::Array: {
        // An array is written into element by element; any other key below it replaces it.
        const bool by_element =
            current.is(Shape::Array) &&
            std::all_of(node.children.begin(), node.children.end(),
                        [](const PathTree& child) { return element_index(child.key); });
        if (current.is(Shape::Array) && !by_element) {
          if (has_element_key(node)) return dotted(path) + " is asked for elements and members";
          writer_.replace(current, materialize(node), node.owners);
          return std::nullopt;
        }
        for (const auto& child : node.children) {
          path.push_back(child.key);
          ValueRef below =
              by_element ? model_.element(current, child.key) : model_.member(current, child.key);
          auto problem = write(child, below, current, path);
          path.pop_back();
          if (problem) return problem;
        }
        return std::nullopt;
      }
      default:
        // A rule that asks for members below a literal or an expression replaces it (the
        // rules judge that unsafe or manual before asking).
        writer_.replace(current, materialize(node), node.owners);
        return std::nullopt;
    }
  }

 private:
  const ResourceModel& model_;
  ChangeWriter& writer_;
};

}  // namespace

std::vector<IntentConflict> find_conflicts(const std::vector<OwnedIntent>& intents) {
  return merge(intents).conflicts;
}

std::optional<std::string> write_merged(const ResourceModel& model, const ResourceRef& resource,
                                        const std::vector<OwnedIntent>& intents,
                                        ChangeWriter& writer) {
  Merged merged = merge(intents);
  if (!merged.conflicts.empty()) return "the fixes of two rules disagree";
  ValueRef body = model.body(resource);
  PropertyPath path;
  if (!merged.sets.children.empty()) {
    if (!body.is(Shape::Object)) return "the resource is not an object";
    for (const auto& child : merged.sets.children) {
      path.assign(1, child.key);
      if (auto problem =
              TreeWriter(model, writer).write(child, model.member(body, child.key), body, path)) {
        return problem;
      }
    }
  }
  for (const auto& wrap : merged.wraps) {
    ValueRef target = model.at(resource, wrap.path);
    if (!target.is(Shape::Expression)) return dotted(wrap.path) + " is not an expression";
    Owners owners = wrap.forced.owners;
    for (std::size_t owner : wrap.defaults.owners)
      add_owner(owners, owner);
    nlohmann::ordered_json defaults =
        wrap.defaults.children.empty() ? nlohmann::ordered_json() : materialize(wrap.defaults);
    writer.wrap(target, materialize(wrap.forced), wrap.null_safe, defaults, owners);
  }
  for (const auto& migration : merged.migrations) {
    const PropertyPath& path = migration.intent->path;
    PropertyPath parent_path(path.begin(), path.end() - 1);
    ValueRef parent = model.at(resource, parent_path);
    if (!model.member(parent, path.back()).is(Shape::Object)) {
      return dotted(path) + " is not an object";
    }
    writer.migrate(parent, path.back(), *migration.intent, migration.owners);
  }
  if (merged.api_version)
    writer.raise_api_version(resource, *merged.api_version, merged.api_owners);
  for (const auto& parameter : merged.parameters)
    writer.add_parameter(resource, *parameter.intent, parameter.owners);
  for (const auto& dependency : merged.dependencies)
    writer.depend_on(resource, dependency.intent->target, dependency.owners);
  return std::nullopt;
}

}  // namespace armfix
