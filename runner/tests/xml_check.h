// Checks that text is well-formed XML (the store's SVG files and its XHTML timeline): one root
// element, every element closed in order, attributes quoted and unique, only the five named
// entities and numeric ones, no '<' or bare '&' in text; a declaration, DOCTYPE and comments
// allowed. Returns an empty string if so, else what is wrong and where.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace glomers::testing {

inline std::string CheckEntities(std::string_view text, std::size_t base) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') return "'<' in text at " + std::to_string(base + i);
    if (text[i] != '&') continue;
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) return "bare '&' at " + std::to_string(base + i);
    std::string_view name = text.substr(i + 1, semi - i - 1);
    bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" ||
              (name.size() > 1 && name[0] == '#');
    if (!ok) return "unknown entity &" + std::string(name) + "; at " + std::to_string(base + i);
    i = semi;
  }
  return "";
}

inline std::string CheckXml(std::string_view s) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  while (i < s.size()) {
    std::size_t lt = s.find('<', i);
    std::string_view text = s.substr(i, (lt == std::string_view::npos ? s.size() : lt) - i);
    if (std::string e = CheckEntities(text, i); !e.empty()) return e;
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos)
      return "text outside the root at " + std::to_string(i);
    if (lt == std::string_view::npos) break;
    i = lt;
    if (s.substr(i, 4) == "<!--") {
      std::size_t end = s.find("-->", i);
      if (end == std::string_view::npos) return "unclosed comment";
      i = end + 3;
      continue;
    }
    if (s.substr(i, 2) == "<?" || s.substr(i, 2) == "<!") {
      if (!open.empty() && s.substr(i, 2) == "<!") return "declaration inside an element";
      std::size_t end = s.find('>', i);
      if (end == std::string_view::npos) return "unclosed declaration";
      i = end + 1;
      continue;
    }
    bool closing = s.substr(i, 2) == "</";
    i += closing ? 2 : 1;
    std::size_t name_start = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == ':' ||
                            s[i] == '-' || s[i] == '_'))
      ++i;
    std::string name(s.substr(name_start, i - name_start));
    if (name.empty()) return "a tag without a name at " + std::to_string(name_start);
    if (closing) {
      skip_space();
      if (i >= s.size() || s[i] != '>') return "bad closing tag </" + name;
      ++i;
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">") +
               " at " + std::to_string(name_start);
      open.pop_back();
      continue;
    }
    std::set<std::string> attributes;
    for (;;) {
      skip_space();
      if (i >= s.size()) return "unclosed tag <" + name;
      if (s[i] == '>' || s.substr(i, 2) == "/>") break;
      std::size_t a = i;
      while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i])) &&
             s[i] != '>')
        ++i;
      std::string attr(s.substr(a, i - a));
      if (attr.empty() || i >= s.size() || s[i] != '=')
        return "attribute without a value in <" + name + "> at " + std::to_string(a);
      if (!attributes.insert(attr).second) return "attribute " + attr + " twice in <" + name + ">";
      ++i;
      if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return "unquoted attribute " + attr;
      char q = s[i++];
      std::size_t end = s.find(q, i);
      if (end == std::string_view::npos) return "unclosed attribute " + attr;
      if (std::string e = CheckEntities(s.substr(i, end - i), i); !e.empty()) return e;
      i = end + 1;
    }
    if (open.empty() && ++roots > 1) return "a second root element <" + name + ">";
    if (s[i] == '/') {
      i += 2;
    } else {
      ++i;
      open.push_back(name);
      if (name == "style" || name == "script") {  // raw text up to the closing tag
        std::size_t end = s.find("</" + name, i);
        if (end == std::string_view::npos) return "unclosed <" + name + ">";
        if (s.substr(i, end - i).find_first_of("<&") != std::string_view::npos)
          return "'<' or '&' inside <" + name + ">";
        i = end;
      }
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return "no root element";
  return "";
}

}  // namespace glomers::testing
