// libFuzzer target for the patch engine (apply_patch): the input is a document; when it parses,
// the same bytes, read through FuzzedDataProvider, choose a few JSON Patch operations on its
// objects, arrays and nodes. apply_patch may refuse them, but what it returns must check out
// independently (property_checks.hpp), and adding members to objects must always work.
//
// With ARMFIX_FUZZ_STRICT=1 in the environment every operation on a live node must apply,
// which also reports the engine's documented refusals: a tool for exploring, not the contract.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "fuzz_common.hpp"

namespace {

using armfix::Document;
using armfix::JsonPointer;
using armfix::kNoNode;
using armfix::NodeId;
using armfix::PatchOperation;
using ordered_json = nlohmann::ordered_json;

// Keys and strings the engine must quote, escape or encode in a pointer, and ARM's own names.
constexpr std::array<const char*, 12> kSpecialCharacters = {"\"",
                                                            "\\",
                                                            "/",
                                                            "~",
                                                            "\n",
                                                            "\t",
                                                            "\r",
                                                            "\xC3\xA9",
                                                            "\xE2\x82\xAC",
                                                            "\xF0\x9F\x98\x80",
                                                            "\xE2\x80\xA8",
                                                            "\x01"};
constexpr std::array<const char*, 14> kKnownKeys = {"properties",
                                                    "securityProfile",
                                                    "defender",
                                                    "securityMonitoring",
                                                    "enabled",
                                                    "dependsOn",
                                                    "resources",
                                                    "parameters",
                                                    "logAnalyticsWorkspaceResourceId",
                                                    "-",
                                                    "0",
                                                    "",
                                                    "a/b~c",
                                                    "$schema"};

bool strict_mode() {
  static const bool strict = [] {
    const char* value = std::getenv("ARMFIX_FUZZ_STRICT");
    return value != nullptr && std::string(value) == "1";
  }();
  return strict;
}

enum class OpKind { AddMember, AddExistingKey, Append, AddAtIndex, Replace, Remove, AddIntoNew };

// Chooses operations on one document and tracks which of them must apply.
class OperationChooser {
 public:
  OperationChooser(FuzzedDataProvider& fdp, const Document& doc) : fdp_(fdp), doc_(doc) {
    for (NodeId id = 0; id < doc.node_count(); ++id) {
      if (doc.is_object(id)) objects_.push_back(id);
      if (doc.is_array(id)) arrays_.push_back(id);
    }
  }

  std::vector<PatchOperation> choose() {
    std::size_t count = fdp_.ConsumeIntegralInRange<std::size_t>(1, 4);
    for (std::size_t i = 0; i < count && fdp_.remaining_bytes() > 0; ++i)
      choose_one();
    if (operations_.empty()) choose_one();
    return std::move(operations_);
  }

  bool must_apply() const { return must_apply_; }
  const std::string& log() const { return log_; }

 private:
  void choose_one() {
    auto kind = static_cast<OpKind>(fdp_.ConsumeIntegralInRange<int>(0, 6));
    switch (kind) {
      case OpKind::AddMember:
      case OpKind::AddExistingKey:
        add_member(kind == OpKind::AddExistingKey);
        break;
      case OpKind::Append:
      case OpKind::AddAtIndex:
        add_element(kind == OpKind::Append);
        break;
      case OpKind::Replace:
        replace();
        break;
      case OpKind::Remove:
        remove();
        break;
      case OpKind::AddIntoNew:
        add_into_new();
        break;
    }
  }

  NodeId pick(const std::vector<NodeId>& from) {
    if (from.empty()) return kNoNode;
    return from[fdp_.ConsumeIntegralInRange<std::size_t>(0, from.size() - 1)];
  }

  NodeId pick_any() {
    return static_cast<NodeId>(fdp_.ConsumeIntegralInRange<std::size_t>(0, doc_.node_count() - 1));
  }

  // Still in the document as the earlier operations left it, at the pointer it had.
  bool is_live(NodeId id) const {
    for (NodeId n = id; n != kNoNode; n = doc_.node(n).parent) {
      if (gone_.count(n) != 0 || shifted_.count(doc_.node(n).parent) != 0) return false;
    }
    return armfix::fuzz::detail::is_addressable(doc_, id);
  }

  std::string fuzzed_text(std::size_t max_length) {
    std::string out;
    std::size_t length = fdp_.ConsumeIntegralInRange<std::size_t>(0, max_length);
    for (std::size_t i = 0; i < length && fdp_.remaining_bytes() > 0; ++i) {
      auto byte = fdp_.ConsumeIntegral<std::uint8_t>();
      if (byte >= 0x20 && byte < 0x7F) {
        out += static_cast<char>(byte);
      } else {
        out += kSpecialCharacters[byte % kSpecialCharacters.size()];
      }
    }
    return out;
  }

  std::string new_key(NodeId object) {
    switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
        return kKnownKeys[fdp_.ConsumeIntegralInRange<std::size_t>(0, kKnownKeys.size() - 1)];
      case 1: {  // an existing key in other letter case: a different member for JSON Patch
        NodeId member = doc_.node(object).first_child;
        if (member == kNoNode) return "K";
        std::string key = doc_.key(member);
        for (char& c : key)
          c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        return key + (key == doc_.key(member) ? "_" : "");
      }
      default:
        return fuzzed_text(12);
    }
  }

  ordered_json value(int depth) {
    switch (fdp_.ConsumeIntegralInRange<int>(0, depth < 3 ? 11 : 7)) {
      case 0:
        return nullptr;
      case 1:
        return fdp_.ConsumeBool();
      case 2:
        return fdp_.ConsumeIntegral<std::int64_t>();
      case 3:
        return fdp_.ConsumeIntegral<std::uint64_t>();
      case 4:
        return fdp_.ConsumeFloatingPoint<double>();
      case 5:
        return fuzzed_text(24);
      case 6:
        return "[parameters('" + fuzzed_text(8) + "')]";
      case 7:
        return fdp_.ConsumeBool() ? ordered_json::object() : ordered_json::array();
      case 8:
      case 9: {
        ordered_json object = ordered_json::object();
        std::size_t members = fdp_.ConsumeIntegralInRange<std::size_t>(1, 3);
        for (std::size_t i = 0; i < members; ++i)
          object[fuzzed_text(8)] = value(depth + 1);
        return object;
      }
      default: {
        ordered_json array = ordered_json::array();
        std::size_t elements = fdp_.ConsumeIntegralInRange<std::size_t>(1, 3);
        for (std::size_t i = 0; i < elements; ++i)
          array.push_back(value(depth + 1));
        return array;
      }
    }
  }

  void push(PatchOperation op, bool required, const char* what) {
    must_apply_ = must_apply_ && required;
    log_ += std::string(what) + (required ? " (must apply)" : "") + "\n";
    operations_.push_back(std::move(op));
  }

  // The only operations of the brief's required property: a member added to a live object.
  void add_member(bool existing_key) {
    NodeId object = pick(objects_);
    if (object == kNoNode) return add_element(true);
    std::string key;
    if (existing_key && doc_.node(object).first_child != kNoNode) {
      NodeId member = doc_.node(object).first_child;
      for (std::size_t skip = fdp_.ConsumeIntegralInRange<std::size_t>(0, 7);
           skip > 0 && doc_.node(member).next_sibling != kNoNode; --skip) {
        member = doc_.node(member).next_sibling;
      }
      key = doc_.key(member);
    } else {
      key = new_key(object);
    }
    bool live = is_live(object);
    // The key may name a member already there: the add then replaces it.
    NodeId replaced = doc_.find_member_exact(object, key);
    if (replaced != kNoNode) gone_.insert(replaced);
    push(PatchOperation::add(doc_.pointer_to(object) / key, value(0)), live, "add member");
  }

  void add_element(bool append) {
    NodeId array = pick(arrays_);
    if (array == kNoNode) return;
    bool live = is_live(array);
    if (append) {
      push(PatchOperation::add(doc_.pointer_to(array) / "-", value(0)), live && strict_mode(),
           "append");
      return;
    }
    std::size_t index = fdp_.ConsumeIntegralInRange<std::size_t>(0, doc_.node(array).child_count);
    shifted_.insert(array);
    push(PatchOperation::add(doc_.pointer_to(array) / index, value(0)), false, "add at index");
  }

  void replace() {
    NodeId node = pick_any();
    bool live = is_live(node);
    gone_.insert(node);
    push(PatchOperation::replace(doc_.pointer_to(node), value(0)), live && strict_mode(),
         "replace");
  }

  void remove() {
    NodeId node = pick_any();
    if (node == doc_.root()) return;
    bool live = is_live(node);
    gone_.insert(node);
    if (doc_.is_array(doc_.node(node).parent)) shifted_.insert(doc_.node(node).parent);
    push(PatchOperation::remove(doc_.pointer_to(node)), live && strict_mode(), "remove");
  }

  // Into the container the previous operation added, wherever the engine keeps it pending.
  void add_into_new() {
    if (operations_.empty()) return add_member(false);
    const PatchOperation& previous = operations_.back();
    bool usable = previous.kind != armfix::PatchOpKind::Remove && previous.value.is_structured() &&
                  !previous.path.is_root() && previous.path.back() != "-";
    if (!usable) return add_member(false);
    JsonPointer path =
        previous.value.is_object() ? previous.path / fuzzed_text(6) : previous.path / "-";
    push(PatchOperation::add(path, value(1)), strict_mode() && must_apply_, "add into new value");
  }

  FuzzedDataProvider& fdp_;
  const Document& doc_;
  std::vector<NodeId> objects_;
  std::vector<NodeId> arrays_;
  std::set<NodeId> gone_;     // replaced or removed: whatever is inside is no longer the document's
  std::set<NodeId> shifted_;  // arrays whose elements no longer sit at their original indices
  std::vector<PatchOperation> operations_;
  bool must_apply_ = true;
  std::string log_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = Document::parse(text);
  if (!parsed) return 0;
  const Document& doc = parsed.value();
  try {
    doc.value(doc.root());
  } catch (const std::exception&) {
    return 0;  // a reader bug, reported by fuzz_document; not the engine's to answer for
  }
  FuzzedDataProvider fdp(data, size);
  OperationChooser chooser(fdp, doc);
  std::vector<PatchOperation> operations = chooser.choose();
  if (auto problem = armfix::fuzz::check_patch(doc, operations, chooser.must_apply())) {
    armfix::fuzz::fail("fuzz_engine", *problem,
                       "operations:\n" + chooser.log() +
                           "patch: " + armfix::fuzz::reference_patch(operations).dump());
  }
  return 0;
}
