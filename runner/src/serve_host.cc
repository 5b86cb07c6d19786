#include "runner/src/serve_host.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace glomers {

namespace {

bool IsLoopbackAddress(std::string_view text) {
  std::string address(text);
  in_addr v4{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    static const in6_addr kLoopback = IN6ADDR_LOOPBACK_INIT;
    return std::equal(std::begin(v6.s6_addr), std::end(v6.s6_addr), kLoopback.s6_addr);
  }
  return false;
}

// The host part of a Host header: "[::1]:8080" -> "::1", "localhost:80" -> "localhost".
// A port must be digits; anything else after the host makes it no host at all ("").
std::string_view HostPart(std::string_view header, bool* ok) {
  *ok = true;
  std::string_view host = header, rest;
  if (header.starts_with('[')) {
    std::size_t close = header.find(']');
    if (close == std::string_view::npos) return *ok = false, "";
    host = header.substr(1, close - 1);
    rest = header.substr(close + 1);
  } else if (std::size_t colon = header.find(':'); colon != std::string_view::npos) {
    host = header.substr(0, colon);
    rest = header.substr(colon);
  }
  if (!rest.empty()) {
    std::string_view port = rest.substr(1);
    *ok = rest[0] == ':' && !port.empty() &&
          std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return host;
}

}  // namespace

bool IsLoopbackHost(std::string_view header) {
  if (header.empty()) return true;
  bool ok = false;
  std::string_view host = HostPart(header, &ok);
  if (!ok || host.empty()) return false;
  if (host.ends_with('.')) host.remove_suffix(1);
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "localhost" || IsLoopbackAddress(lower);
}

bool AllLoopback(const std::vector<std::string_view>& addresses) {
  return !addresses.empty() && std::all_of(addresses.begin(), addresses.end(), IsLoopbackAddress);
}

}  // namespace glomers
