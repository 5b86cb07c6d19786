// serve_host.h: which Host headers name this machine, and which bound addresses are loopback.
#include "runner/src/serve_host.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

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

TEST(ServeHostTest, OnlyAllLoopbackAddressesAreLoopback) {
  EXPECT_TRUE(AllLoopback({"127.0.0.1"}));
  EXPECT_TRUE(AllLoopback({"127.0.0.1", "::1"}));  // "localhost", resolved
  EXPECT_FALSE(AllLoopback({"0.0.0.0"}));
  EXPECT_FALSE(AllLoopback({"::"}));
  EXPECT_FALSE(AllLoopback({"127.0.0.1", "192.168.1.5"}));
  EXPECT_FALSE(AllLoopback({}));
}

}  // namespace
}  // namespace glomers
