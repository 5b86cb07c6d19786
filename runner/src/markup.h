// Text for the store's SVG and HTML files: escaped for XML (so that every file is well formed
// XML as well as HTML or SVG), and numbers as short as a picture needs.
#pragma once

#include <string>
#include <string_view>

namespace glomers {

// &, <, >, " and ' as entities; line breaks as &#10; (kept inside attributes).
void AppendXmlEscaped(std::string& out, std::string_view text);
std::string XmlEscaped(std::string_view text);
// For element content only: &, < and > as entities, quotes as they are (JSON keeps its size).
void AppendXmlText(std::string& out, std::string_view text);
// One decimal: 12.5.
std::string SvgNum(double x);
// At most `max` bytes of `text`, cut at a UTF-8 character boundary, with "…" when cut.
std::string Truncated(std::string_view text, std::size_t max);

}  // namespace glomers
