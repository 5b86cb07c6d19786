// serve_host.h: which Host headers name this machine, and which bound addresses are loopback.
#include "runner/src/serve_host.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string_view>

namespace glomers {
namespace {

TEST(ServeHostTest, LoopbackNamesAndAddressesWithOrWithoutAPort) {
  for (std::string_view host :
       {"localhost", "LocalHost", "localhost.", "localhost:8080", "127.0.0.1", "127.0.0.1:0",
        "127.1.2.3:65535", "[::1]", "[::1]:8080", ""}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
}

TEST(ServeHostTest, EveryOtherNameIsRefused) {
  for (std::string_view host :
       {"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example",
        "evil.localhost.example", "128.0.0.1", "0.0.0.0", "10.0.0.1:8080", "[::2]", "[::1", "::1",
        "[::1]x", "localhost:", "localhost:80x", "localhost:-1", "localhost :80",
        "[::ffff:8.8.8.8]", ":8080"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

// A bound address, as getaddrinfo gives it.
bool LoopbackAddress(int family, const char* text) {
  sockaddr_storage address{};
  address.ss_family = static_cast<sa_family_t>(family);
  void* bytes = family == AF_INET
                    ? static_cast<void*>(&reinterpret_cast<sockaddr_in&>(address).sin_addr)
                    : static_cast<void*>(&reinterpret_cast<sockaddr_in6&>(address).sin6_addr);
  EXPECT_EQ(::inet_pton(family, text, bytes), 1) << text;
  return IsLoopback(reinterpret_cast<const sockaddr&>(address));
}

TEST(ServeHostTest, LoopbackAddressesAreThoseOfThisMachineOnly) {
  EXPECT_TRUE(LoopbackAddress(AF_INET, "127.0.0.1"));
  EXPECT_TRUE(LoopbackAddress(AF_INET, "127.255.0.9"));
  EXPECT_TRUE(LoopbackAddress(AF_INET6, "::1"));
  EXPECT_FALSE(LoopbackAddress(AF_INET, "0.0.0.0"));
  EXPECT_FALSE(LoopbackAddress(AF_INET, "128.0.0.1"));
  EXPECT_FALSE(LoopbackAddress(AF_INET, "192.168.1.5"));
  EXPECT_FALSE(LoopbackAddress(AF_INET6, "::"));
  EXPECT_FALSE(LoopbackAddress(AF_INET6, "::ffff:127.0.0.1"));
}

}  // namespace
}  // namespace glomers
