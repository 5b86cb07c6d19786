// `glomers serve`'s routes and refusals, against a running StoreServer on a free port (port 0)
// over a scratch store, with requests sent byte for byte.
#include "runner/src/serve.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "runner/tests/serve_test_util.h"

namespace glomers {
namespace {

using serve_test::HttpResponse;
using serve_test::kEchoRun;
using serve_test::kSecret;
using serve_test::RawRequest;
using serve_test::ReadFile;
using serve_test::ScratchStore;

const std::string kRunUrl = "/echo/20240102T030405.678%2B0000/";

class ServeServerTest : public ::testing::Test {
 protected:
  // The address the server listens on (--host).
  virtual std::string host() const { return "127.0.0.1"; }
  void SetUp() override {
    server_ = std::make_unique<StoreServer>(store_.store());
    std::string error;
    port_ = server_->Bind(host(), 0, &error);
    ASSERT_GT(port_, 0) << error;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  HttpResponse Get(const std::string& target) { return RawRequest(port_, target); }

  ScratchStore store_;
  std::unique_ptr<StoreServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServeServerTest, TheIndexListsTheRuns) {
  HttpResponse r = Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<tr class=\"run valid\">"), std::string::npos);
  EXPECT_NE(r.body.find("<tr class=\"run invalid\">"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"" + kRunUrl + "\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/unique-ids/20240103T101112.000%2B0000/\""), std::string::npos);
}

TEST_F(ServeServerTest, ARunsPageHasItsFilesAndPictures) {
  HttpResponse r = Get(kRunUrl);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<object type=\"image/svg+xml\" data=\"" + kRunUrl + "rate.svg\">"),
            std::string::npos);
  for (const char* file :
       {"history.jsonl", "results.json", "test.json", "rate.svg", "node-logs/"}) {
    EXPECT_NE(r.body.find("href=\"" + kRunUrl + file + "\""), std::string::npos) << file;
  }
  // What would be refused is not offered.
  for (const char* trap : {"secret-link", "relative-link", "outside-dir", "sibling-link", "fifo"}) {
    EXPECT_EQ(r.body.find(trap), std::string::npos) << trap;
  }
  // Through the latest symlink: the same run.
  HttpResponse latest = Get("/latest/");
  ASSERT_EQ(latest.status, 200);
  EXPECT_NE(latest.body.find("href=\"/latest/results.json\""), std::string::npos);
  // A directory that is not a run is listed.
  HttpResponse logs = Get(kRunUrl + "node-logs/");
  ASSERT_EQ(logs.status, 200);
  EXPECT_NE(logs.body.find("href=\"" + kRunUrl + "node-logs/n0.log\""), std::string::npos);
}

TEST_F(ServeServerTest, FilesAreServedWhole) {
  struct Case {
    const char* name;
    const char* type;
  };
  for (auto [name, type] :
       {Case{"results.json", "application/json"},
        Case{"history.jsonl", "text/plain; charset=utf-8"}, Case{"rate.svg", "image/svg+xml"},
        Case{"node-logs/n0.log", "text/plain; charset=utf-8"}}) {
    HttpResponse r = Get(kRunUrl + name);
    ASSERT_EQ(r.status, 200) << name;
    EXPECT_EQ(r.headers["content-type"], type) << name;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << name;
    EXPECT_EQ(r.body, ReadFile(store_.run(kEchoRun) / name)) << name;
  }
}

TEST_F(ServeServerTest, ALargeFileIsStreamedIntact) {
  std::string big;
  for (int i = 0; big.size() < (3u << 20); ++i) big += "{\"index\":" + std::to_string(i) + "}\n";
  serve_test::WriteFile(store_.run(kEchoRun) / "big.jsonl", big);
  HttpResponse r = Get(kRunUrl + "big.jsonl");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], std::to_string(big.size()));
  EXPECT_TRUE(r.body == big);  // not EXPECT_EQ: a failure would print 3 MB
}

TEST_F(ServeServerTest, ADirectoryWithoutItsSlashIsRedirected) {
  HttpResponse r = Get("/echo/20240102T030405.678%2B0000");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers["location"], kRunUrl);
}

TEST_F(ServeServerTest, NothingOutsideTheStoreIsServed) {
  const std::string run = kRunUrl;
  for (const std::string& target : std::vector<std::string>{
           "/../outside/secret.txt",
           "/../../../../../../etc/passwd",
           "/%2e%2e/outside/secret.txt",
           "/%2E%2E/outside/secret.txt",
           "/%2e%2e%2foutside%2fsecret.txt",
           "/echo/%2e%2e/%2e%2e/outside/secret.txt",
           "/.%2e/outside/secret.txt",
           "/%252e%252e/outside/secret.txt",  // decoded once only: a name with "%2e" in it
           "//etc/passwd",
           "/%2fetc%2fpasswd",
           "/%2Fetc/passwd",
           "/etc/passwd",
           run + "secret-link",
           run + "relative-link",
           run + "outside-dir/secret.txt",
           run + "outside-dir/",
           run + "sibling-link",
           run + "dangling",
           run + "fifo",
           run + "results.json%00.html",
           run + "missing",
       }) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find(kSecret), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServeServerTest, TheIconBrowsersAskForIsNoContent) {
  EXPECT_EQ(Get("/favicon.ico").status, 204);
  serve_test::WriteFile(store_.store() / "favicon.ico", "icon");  // a store's own is served
  HttpResponse own = Get("/favicon.ico");
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body, "icon");
}

TEST_F(ServeServerTest, OnlyGetAndHeadAreAnswered) {
  HttpResponse head = RawRequest(port_, kRunUrl + "results.json", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"],
            std::to_string(ReadFile(store_.run(kEchoRun) / "results.json").size()));
  EXPECT_EQ(head.body, "");
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    HttpResponse r = RawRequest(port_, kRunUrl + "results.json", method);
    EXPECT_EQ(r.status, 405) << method;
  }
  EXPECT_TRUE(std::filesystem::exists(store_.run(kEchoRun) / "results.json"));
}

// DNS rebinding: a page elsewhere reaching the loopback server under a name of its own is
// refused, whatever it asks for; the names of this machine are served.
TEST_F(ServeServerTest, ARequestAddressedToAnotherHostIsRefused) {
  for (const char* host : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example"}) {
    for (const std::string& target : {std::string("/"), kRunUrl + "results.json"}) {
      HttpResponse r = RawRequest(port_, target, "GET", host);
      EXPECT_EQ(r.status, 403) << host << " " << target;
      EXPECT_NE(r.body.find("answers requests addressed to it"), std::string::npos) << r.body;
      EXPECT_EQ(r.body.find("echo"), std::string::npos) << r.body;  // nothing of the store
    }
  }
  std::string port = std::to_string(port_);
  for (const std::string& host : {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
    EXPECT_EQ(RawRequest(port_, "/", "GET", host).status, 200) << host;
  }
}

// Listening beyond loopback was asked for (--host 0.0.0.0): every name is answered.
class ServeBeyondLoopbackTest : public ServeServerTest {
 protected:
  std::string host() const override { return "0.0.0.0"; }
};

TEST_F(ServeBeyondLoopbackTest, AnyHostIsAnswered) {
  EXPECT_EQ(RawRequest(port_, "/", "GET", "glomers.example:" + std::to_string(port_)).status, 200);
}

TEST(ServeBindTest, APortInUseIsAnError) {
  ScratchStore store;
  StoreServer first(store.store());
  std::string error;
  int port = first.Bind("127.0.0.1", 0, &error);
  ASSERT_GT(port, 0) << error;
  StoreServer second(store.store());
  EXPECT_EQ(second.Bind("127.0.0.1", port, &error), -1);
  EXPECT_NE(error.find("Address already in use"), std::string::npos) << error;
  EXPECT_EQ(StoreServer(store.store()).Bind("no-such-host.invalid", 0, &error), -1);
  EXPECT_NE(error.find("--host no-such-host.invalid"), std::string::npos) << error;
}

}  // namespace
}  // namespace glomers
