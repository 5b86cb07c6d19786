#include "test_util.h"

#include <gtest/gtest.h>
#include <sys/random.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace idgen::test {

uint64_t TestSeed() {
  uint64_t seed = 0;
  const char* env = std::getenv("IDGEN_TEST_SEED");
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    seed = std::strtoull(env, &end, 10);
    if (*end != '\0') ADD_FAILURE() << "IDGEN_TEST_SEED=\"" << env << "\" is not a number";
  } else if (getrandom(&seed, sizeof seed, 0) != sizeof seed) {
    ADD_FAILURE() << "getrandom failed";
  }
  std::cout << "[   SEED   ] IDGEN_TEST_SEED=" << seed << std::endl;
  testing::Test::RecordProperty("IDGEN_TEST_SEED", std::to_string(seed));
  return seed;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "idgen-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace idgen::test

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace idgen::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const EnvVars& env) {
  glomers::SpawnOptions options;
  options.argv = argv;
  options.env = env;
  options.in = glomers::SpawnOptions::Stream::Inherit();
  options.err = glomers::SpawnOptions::Stream::Write(err_dir_.path() + "/stderr");
  std::string error;
  child_ = glomers::ChildProcess::Spawn(options, &error);
  if (!child_) ADD_FAILURE() << error;
}

// Kills and reaps a child still running (the helper does), before err_dir_ goes.
ChildProcess::~ChildProcess() { child_.reset(); }

std::optional<std::string> ChildProcess::ReadLine() {
  for (;;) {
    const size_t nl = buffer_.find('\n', read_pos_);
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(read_pos_, nl - read_pos_);
      read_pos_ = nl + 1;
      return line;
    }
    // Drops consumed lines only when refilling, so reading n lines costs O(n) bytes moved.
    buffer_.erase(0, read_pos_);
    read_pos_ = 0;
    if (eof_ || !child_) return std::nullopt;
    char chunk[65536];
    const ssize_t n = read(child_->stdout_fd(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::vector<std::string> ChildProcess::ReadAllLines() {
  std::vector<std::string> lines;
  while (std::optional<std::string> line = ReadLine()) lines.push_back(std::move(*line));
  return lines;
}

void ChildProcess::Kill(int signal) {
  if (child_) child_->Signal(signal);
}

int ChildProcess::Wait() {
  if (!child_) return -1;
  int status = child_->Wait();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string ChildProcess::Stderr() const {
  std::ifstream in(err_dir_.path() + "/stderr");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace idgen::test
