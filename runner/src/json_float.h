// Maelstrom computes ratios such as ok-fraction and msgs-per-op as Java floats, which print in
// their shortest form (2.2, not 2.200000047683716). This writes a float the same way.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace glomers {

inline void WriteFloatJson(std::string& out, float v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

}  // namespace glomers
