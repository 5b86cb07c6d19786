// One Maelstrom test, run locally: start the nodes, init them, issue operations and faults on
// schedule through the simulated network, tear down, check, and write the results.
//
// Everything runs on one thread, in one event loop over every node's pipes: messages are read,
// validated and routed, delivered when due, and written in batches; no thread per node or per
// message.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "runner/src/options.h"

namespace glomers {

class TestRun {
 public:
  // `out` receives the summary; `err` progress and problems as they happen.
  TestRun(TestOptions options, std::FILE* out, std::FILE* err);
  ~TestRun();
  TestRun(const TestRun&) = delete;
  TestRun& operator=(const TestRun&) = delete;

  // Runs the test. Returns the exit status: kExitValid, kExitInvalid, kExitUnknown, or
  // kExitAborted when the test could not be carried out.
  int Run();

  // The test's directory, once created.
  const std::string& dir() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glomers
