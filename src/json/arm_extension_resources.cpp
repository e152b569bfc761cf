// The extension resources of an ARM template that the template ties to a resource: by their
// `scope` (an ID of the resource, or its symbolic name in languageVersion 2.0), by nesting, or as
// the child form `<type>/providers/<extension type>` named `<name>/<namespace>/<extension name>`.
#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "json/arm_expression.hpp"
#include "json/arm_resource_model.hpp"

#include <optional>

namespace armfix {

namespace {

// A function call of an expression's body, its arguments' source split at the top level.
struct Call {
  std::string name;
  std::vector<std::string> arguments;
};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0)
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0)
    text.remove_suffix(1);
  return text;
}

std::optional<Call> call_of(std::string_view body) {
  body = trimmed(body);
  const std::size_t open = body.find('(');
  if (open == std::string_view::npos || open == 0 || body.back() != ')') return std::nullopt;
  Call call;
  call.name = std::string(trimmed(body.substr(0, open)));
  for (char c : call.name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.')
      return std::nullopt;
  }
  int depth = 0;
  bool quoted = false;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i < body.size(); ++i) {
    const char c = body[i];
    if (quoted) {
      if (c == '\'') quoted = false;  // a doubled quote reopens on the next character
      continue;
    }
    if (c == '\'') {
      quoted = true;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (depth == 0) {
        if (i != body.size() - 1) return std::nullopt;  // the call ends before the body does
        std::string_view last = trimmed(body.substr(start, i - start));
        if (!last.empty() || !call.arguments.empty()) call.arguments.emplace_back(last);
        return call;
      }
      --depth;
    } else if (c == ',' && depth == 0) {
      call.arguments.emplace_back(trimmed(body.substr(start, i - start)));
      start = i + 1;
    }
  }
  return std::nullopt;
}

// The text of a string literal argument ('it''s'); nullopt for anything else.
std::optional<std::string> quoted_text(std::string_view argument) {
  if (argument.size() < 2 || argument.front() != '\'' || argument.back() != '\'')
    return std::nullopt;
  std::string text;
  for (std::size_t i = 1; i + 1 < argument.size(); ++i) {
    if (argument[i] == '\'') {
      if (i + 2 >= argument.size() || argument[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    text += argument[i];
  }
  return text;
}

// Source without the white space outside string literals, to compare two spellings.
std::string squeezed(std::string_view source) {
  std::string out;
  bool quoted = false;
  for (char c : source) {
    if (c == '\'') quoted = !quoted;
    if (!quoted && std::isspace(static_cast<unsigned char>(c)) != 0) continue;
    out += c;
  }
  return out;
}

std::vector<std::string> segments(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t slash = text.find('/'); slash != std::string::npos;
       slash = text.find('/', start)) {
    parts.push_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool contains_ignore_case(std::string_view text, std::string_view part) {
  if (part.empty()) return true;
  for (std::size_t at = 0; at + part.size() <= text.size(); ++at) {
    if (equals_ignore_case(text.substr(at, part.size()), part)) return true;
  }
  return false;
}

class Ties {
 public:
  Ties(const ArmResourceModel& model, const Resource& target)
      : model_(model), doc_(model.document()), view_(model.view()), target_(target) {
    NodeId name = doc_.find_member(target.node, "name");
    if (doc_.is_string(name)) {
      name_text_ = doc_.string_value(name);
      name_value_ = value_of(target, name_text_);
    }
  }

  // `scope` names the target.
  bool by_scope(const Resource& extension) const {
    NodeId scope = doc_.find_member(extension.node, "scope");
    if (!doc_.is_string(scope)) return false;
    const std::string text = doc_.string_value(scope);
    if (!is_expression(text)) {
      if (view_.scopes()[extension.scope].symbolic && extension.scope == target_.scope &&
          !target_.symbolic_name.empty() && text == target_.symbolic_name)
        return true;
      return names_target(text);
    }
    // A scope that spells another resource type (`format('Microsoft.KeyVault/vaults/{0}', ...)`)
    // is not the target's, and evaluating it would evaluate a nested template's variables.
    if (!contains_ignore_case(text, target_.type) &&
        contains_ignore_case(text, target_.type.substr(0, target_.type.find('.') + 1)))
      return false;
    auto resolved = model_.resolve_text(extension, text);
    if (resolved && resolved->is_string() && names_target(resolved->get<std::string>()))
      return true;
    auto call = call_of(expression_body(text));
    if (!call) return false;
    const auto& args = call->arguments;
    if (equals_ignore_case(call->name, "format")) {
      auto pattern = quoted_text(args.empty() ? "" : args[0]);
      return args.size() == 2 && pattern && equals_ignore_case(*pattern, target_.type + "/{0}") &&
             argument_names(extension, args[1]);
    }
    if (equals_ignore_case(call->name, "resourceId")) {
      for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        auto type = quoted_text(args[i]);
        if (type && equals_ignore_case(*type, target_.type))
          return i + 2 == args.size() && argument_names(extension, args[i + 1]);
      }
    }
    return false;
  }

  // The child form's name `<target name>/<namespace>/<name>`.
  bool by_child_name(const Resource& extension, std::string_view name_space) const {
    NodeId name = doc_.find_member(extension.node, "name");
    if (!doc_.is_string(name)) return false;
    const std::string text = doc_.string_value(name);
    if (auto value = value_of(extension, text); value && name_value_) {
      auto parts = segments(*value);
      return parts.size() == 3 && equals_ignore_case(parts[1], name_space) &&
             equals_ignore_case(parts[0], *name_value_);
    }
    if (!is_expression(text)) return false;
    auto call = call_of(expression_body(text));
    if (!call || call->arguments.size() < 2) return false;
    const auto& args = call->arguments;
    const std::string middle = "/" + std::string(name_space) + "/";
    if (equals_ignore_case(call->name, "concat")) {
      auto next = quoted_text(args[1]);
      return next && starts_with_ignore_case(*next, middle) && argument_names(extension, args[0]);
    }
    if (equals_ignore_case(call->name, "format")) {
      auto pattern = quoted_text(args[0]);
      return pattern && starts_with_ignore_case(*pattern, "{0}" + middle) &&
             argument_names(extension, args[1]);
    }
    return false;
  }

 private:
  std::optional<std::string> value_of(const Resource& resource, const std::string& text) const {
    if (!is_expression(text)) return text;
    auto resolved = model_.resolve_text(resource, text);
    if (resolved && resolved->is_string()) return resolved->get<std::string>();
    return std::nullopt;
  }

  // An ID, or a relative one, of the target: `<type>/<name>`, `.../providers/<type>/<name>`.
  bool names_target(const std::string& id) const {
    if (!name_value_) return false;
    const std::string relative = target_.type + "/" + *name_value_;
    if (equals_ignore_case(id, relative)) return true;
    const std::string tail = "/providers/" + relative;
    return id.size() > tail.size() &&
           equals_ignore_case(std::string_view(id).substr(id.size() - tail.size()), tail);
  }

  // An expression argument that gives the target's name: spelt as the target's name is in the
  // same template, or with the same value under the defaults.
  bool argument_names(const Resource& extension, const std::string& argument) const {
    const bool same_scope = view_.scopes()[extension.scope].expression_scope ==
                            view_.scopes()[target_.scope].expression_scope;
    if (same_scope && is_expression(name_text_) &&
        equals_ignore_case(squeezed(argument), squeezed(expression_body(name_text_))))
      return true;
    auto literal = quoted_text(argument);
    auto value = literal ? literal : value_of(extension, "[" + argument + "]");
    return value && name_value_ && equals_ignore_case(*value, *name_value_);
  }

  const ArmResourceModel& model_;
  const Document& doc_;
  const TemplateView& view_;
  const Resource& target_;
  std::string name_text_;
  std::optional<std::string> name_value_;
};

}  // namespace

std::vector<ResourceRef> ArmResourceModel::extensions_of(const ResourceRef& target,
                                                         std::string_view type) const {
  std::vector<ResourceRef> found;
  const Resource* declared = resource_of(target);
  const std::size_t slash = type.find('/');
  if (declared == nullptr || slash == std::string_view::npos) return found;
  const std::string_view name_space = type.substr(0, slash);
  const std::string child_type =
      declared->type + "/providers/" + std::string(type.substr(slash + 1));
  const std::string nested_type = "providers/" + std::string(type.substr(slash + 1));
  // The target's name is evaluated only for a file that has a candidate: most have none.
  std::optional<Ties> ties;
  auto tie = [&]() -> const Ties& {
    if (!ties) ties.emplace(*this, *declared);
    return *ties;
  };
  for (const auto& resource : view_.resources()) {
    if (resource.existing) continue;
    const bool nested = resource.parent_resource == declared->node;
    bool tied = false;
    if (equals_ignore_case(resource.type, type)) {
      tied = nested || tie().by_scope(resource);
    } else if (nested && equals_ignore_case(resource.type, nested_type)) {
      tied = true;  // `providers/<type>` keeps its slash unqualified
    } else if (equals_ignore_case(resource.type, child_type)) {
      tied = nested ||
             (resource.parent_resource == kNoNode && tie().by_child_name(resource, name_space));
    }
    if (tied) found.push_back(ref_of(resource));
  }
  return found;
}

}  // namespace armfix
