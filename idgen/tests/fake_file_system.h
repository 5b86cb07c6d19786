// FakeFileSystem: an in-memory FileSystem that models what survives a crash.
//
// Each file is an inode with its current bytes and the bytes last fsynced; names map to
// inodes. Name changes (create, rename, remove) become durable only at SyncDir. Two kinds
// of crash:
//   Kill()       the process died (SIGKILL): everything the kernel saw survives.
//   PowerLoss()  the machine died: fsynced bytes survive; unsynced bytes survive whole,
//                torn or not at all; unsynced name changes survive as an in-order prefix.
// Faults: fail_hook fails chosen operations; CrashAtMutation makes the n-th mutating
// operation half-happen and every later one fail, as if the process died inside it.
// Directories are not modelled, except that CreatePrivateDir records what it was asked for.
// Thread-safe.

#ifndef IDGEN_TESTS_FAKE_FILE_SYSTEM_H_
#define IDGEN_TESTS_FAKE_FILE_SYSTEM_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "idgen/file_system.h"

namespace idgen::test {

class FakeFileSystem final : public FileSystem {
 public:
  enum class Op { kRead, kWrite, kRename, kSyncDir, kMkdir, kLock };

  FakeFileSystem() = default;

  Status ReadFile(const std::string& path, size_t max_size, std::string* contents) override;
  Status WriteSyncedFile(const std::string& path, std::string_view contents) override;
  Status WriteNewFile(const std::string& path, std::string_view contents) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status SyncDir(const std::string& dir) override;
  Status CreatePrivateDir(const std::string& dir) override;
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override;

  // Called before every operation; a non-OK result fails it with no effect.
  void SetFailHook(std::function<Status(Op, const std::string& path)> hook);

  // The n-th mutating operation (write, rename, sync) from now, n >= 1, crashes:
  // a write leaves a random prefix of its bytes, unsynced; a rename or sync happens or
  // not; then everything fails until Kill() or PowerLoss().
  void CrashAtMutation(int n, uint64_t seed);
  bool crashed() const;

  void Kill();
  void PowerLoss(uint64_t seed);

  // Test access, bypassing faults. PutFile writes durably (name and bytes).
  void PutFile(const std::string& path, const std::string& contents);
  std::optional<std::string> GetFile(const std::string& path) const;
  // Whether the file's bytes are all fsynced (false for a missing file).
  bool IsSynced(const std::string& path) const;
  std::vector<std::string> ListFiles() const;
  std::set<std::string> dirs() const;

  int count(Op op) const;
  // Waits until SyncDir has succeeded at least n times in all. False on timeout.
  bool WaitForSyncs(int n, std::chrono::milliseconds timeout);

 private:
  struct Inode {
    std::string data;
    std::string synced;
  };
  struct NameChange {
    enum Kind { kLink, kRename } kind;
    std::string a, b;
    std::shared_ptr<Inode> inode;
  };
  class Lock;

  Status Enter(Op op, const std::string& path);  // requires mu_
  bool CrashHere();                              // requires mu_
  void ReleaseLocks();                           // requires mu_
  Status Write(const std::string& path, std::string_view contents, bool sync);

  mutable std::mutex mu_;
  std::condition_variable sync_cv_;
  std::map<std::string, std::shared_ptr<Inode>> names_;
  std::map<std::string, std::shared_ptr<Inode>> durable_names_;
  std::vector<NameChange> pending_;
  std::set<std::string> locks_;
  std::set<std::string> dirs_;
  uint64_t lock_generation_ = 0;
  std::function<Status(Op, const std::string&)> fail_hook_;
  int crash_countdown_ = 0;  // 0: no crash armed
  std::mt19937_64 crash_rng_;
  bool crashed_ = false;
  std::map<Op, int> counts_;
};

}  // namespace idgen::test

#endif  // IDGEN_TESTS_FAKE_FILE_SYSTEM_H_
