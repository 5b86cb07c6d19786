// `glomers serve` as a user runs it: build/bin/glomers, its command line, the line that says
// where to point a browser, and its exit statuses.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <regex>

#include "runner/src/serve_cli.h"
#include "runner/tests/serve_test_util.h"
#include "testing/subprocess.h"

namespace glomers {
namespace {

using glomers::testing::Subprocess;
using serve_test::ScratchStore;

struct Finished {
  int code;
  std::string out, err;
};

Finished RunToEnd(std::vector<std::string> args) {
  args.insert(args.begin(), {GLOMERS_BIN, "serve"});
  Subprocess p(args);
  Finished f;
  f.out = p.ReadAllStdout();
  f.err = p.ReadAllStderr();
  f.code = p.ExitCode();
  return f;
}

TEST(ServeCommandTest, HelpNamesEveryOption) {
  Finished f = RunToEnd({"--help"});
  EXPECT_EQ(f.code, 0);
  for (const char* text :
       {"--store DIR", "--port PORT", "--host HOST", "[8080]", "[127.0.0.1", "254", "255"}) {
    EXPECT_NE(f.out.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(RunToEnd({"-h"}).out, f.out);
}

TEST(ServeCommandTest, BadCommandLinesAreNamedAndExit254) {
  ScratchStore store;
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const auto& c : std::vector<Case>{
           {{"--bogus"}, "unknown option --bogus for `glomers serve`"},
           {{"--port", "http"}, "--port http: must be an integer from 0 to 65535"},
           {{"--port", "65536"}, "--port 65536: must be"},
           {{"--port", "-1"}, "--port -1: must be"},
           {{"--port=80x"}, "--port 80x: must be"},
           {{"--port"}, "missing value for --port"},
           {{"--host", ""}, "--host \"\": must not be empty"},
           {{"extra"}, "unexpected argument \"extra\""},
           {{"--store", store.store().string() + "/nope"}, "/nope: no such directory"},
       }) {
    Finished f = RunToEnd(c.args);
    EXPECT_EQ(f.code, 254) << c.expected;
    EXPECT_NE(f.err.find(c.expected), std::string::npos) << f.err;
    EXPECT_NE(f.err.find("glomers serve --help"), std::string::npos) << f.err;
  }
}

TEST(ServeCommandTest, ParsesItsOptions) {
  ServeOptions o = ParseServeCommandLine({"--store=s", "--port", "0", "--host", "::1"});
  EXPECT_EQ(o.store, "s");
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.host, "::1");
  ServeOptions d = ParseServeCommandLine({});
  EXPECT_EQ(d.store, "store");
  EXPECT_EQ(d.port, 8080);
  EXPECT_EQ(d.host, "127.0.0.1");  // loopback unless told otherwise
  EXPECT_EQ(BrowserUrl("127.0.0.1", 8080), "http://127.0.0.1:8080/");
  EXPECT_EQ(BrowserUrl("0.0.0.0", 80), "http://127.0.0.1:80/");
  EXPECT_EQ(BrowserUrl("::1", 80), "http://[::1]:80/");
}

// Starts `glomers serve --port 0` on `store`; returns the port its first line names.
int StartServe(Subprocess& p, std::string* first_lines) {
  auto line1 = p.ReadLine();
  auto line2 = p.ReadLine();
  if (!line1 || !line2) return -1;
  *first_lines = *line1 + "\n" + *line2;
  std::smatch m;
  static const std::regex kOpen("^open http://127\\.0\\.0\\.1:([0-9]+)/ in a browser");
  if (!std::regex_search(*line2, m, kOpen)) return -1;
  return std::stoi(m[1]);
}

TEST(ServeCommandTest, SaysWhereToPointABrowserAndServesThere) {
  ScratchStore store;
  Subprocess p({GLOMERS_BIN, "serve", "--store", store.store().string(), "--port", "0"});
  std::string said;
  int port = StartServe(p, &said);
  ASSERT_GT(port, 0) << said;
  EXPECT_NE(said.find("serving " + store.store().string() + " on 127.0.0.1:"), std::string::npos)
      << said;
  serve_test::HttpResponse r = serve_test::RawRequest(port, "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<tr class=\"run valid\">"), std::string::npos);

  // A second server on the same port: a clear error, exit 255.
  Finished second = RunToEnd({"--store", store.store().string(), "--port", std::to_string(port)});
  EXPECT_EQ(second.code, 255);
  EXPECT_NE(second.err.find("cannot listen on 127.0.0.1:" + std::to_string(port) +
                            ": Address already in use"),
            std::string::npos)
      << second.err;
  p.Kill(SIGTERM);
  p.Wait();
  EXPECT_EQ(p.ReadAllStderr().find("other machines"), std::string::npos);  // loopback: no warning
}

// Beyond loopback the store is reachable from elsewhere, under any name: said at start.
TEST(ServeCommandTest, ListeningBeyondLoopbackIsAWarning) {
  ScratchStore store;
  Subprocess p({GLOMERS_BIN, "serve", "--store", store.store().string(), "--port", "0", "--host",
                "0.0.0.0"});
  std::string said;
  int port = StartServe(p, &said);
  ASSERT_GT(port, 0) << said;
  EXPECT_EQ(serve_test::RawRequest(port, "/", "GET", "glomers.example").status, 200);
  p.Kill(SIGTERM);
  p.Wait();
  EXPECT_NE(p.ReadAllStderr().find("glomers serve: --host 0.0.0.0: other machines may reach the "
                                   "store too (requests under any host name are answered)"),
            std::string::npos);
}

}  // namespace
}  // namespace glomers
