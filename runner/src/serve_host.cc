#include "runner/src/serve_host.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace glomers {

namespace {

// An address written as text ("127.0.0.1", "::1"), as a socket address; false if it is none.
bool ParseAddress(const std::string& text, sockaddr_storage* out) {
  auto* v4 = reinterpret_cast<sockaddr_in*>(out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(out);
  if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) return v4->sin_family = AF_INET, true;
  if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    return v6->sin6_family = AF_INET6, true;
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
  sockaddr_storage address{};
  return lower == "localhost" ||
         (ParseAddress(lower, &address) && IsLoopback(reinterpret_cast<const sockaddr&>(address)));
}

bool IsLoopback(const sockaddr& address) {
  if (address.sa_family == AF_INET) {
    return (ntohl(reinterpret_cast<const sockaddr_in&>(address).sin_addr.s_addr) >> 24) == 127;
  }
  return address.sa_family == AF_INET6 &&
         IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<const sockaddr_in6&>(address).sin6_addr);
}

}  // namespace glomers
