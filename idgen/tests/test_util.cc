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

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

extern char** environ;

namespace idgen::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const EnvVars& env) {
  // Everything the child needs is built before fork: after it, only async-signal-safe
  // calls are allowed.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    bool overridden = false;
    for (const auto& [key, value] : env) {
      const std::string prefix = key + "=";
      overridden = overridden || std::string_view(*e).substr(0, prefix.size()) == prefix;
    }
    if (!overridden) env_strings.emplace_back(*e);
  }
  for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argvp;
  for (std::string& s : args) argvp.push_back(s.data());
  argvp.push_back(nullptr);
  const std::string err_path = err_dir_.path() + "/stderr";

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2 failed";
    return;
  }
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execve(argvp[0], argvp.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  close(err_fd);
  out_fd_ = fds[0];
  if (pid_ < 0) ADD_FAILURE() << "fork failed";
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (out_fd_ >= 0) close(out_fd_);
}

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
    if (eof_ || out_fd_ < 0) return std::nullopt;
    char chunk[65536];
    const ssize_t n = read(out_fd_, chunk, sizeof chunk);
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
  if (pid_ > 0) kill(pid_, signal);
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
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
