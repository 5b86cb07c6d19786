#include "fake_file_system.h"

namespace idgen::test {

class FakeFileSystem::Lock final : public FileLock {
 public:
  Lock(FakeFileSystem* fs, std::string path, uint64_t generation)
      : fs_(fs), path_(std::move(path)), generation_(generation) {}
  ~Lock() override {
    std::lock_guard<std::mutex> l(fs_->mu_);
    // A lock from before a simulated crash died with its process.
    if (generation_ == fs_->lock_generation_) fs_->locks_.erase(path_);
  }

 private:
  FakeFileSystem* const fs_;
  const std::string path_;
  const uint64_t generation_;
};

Status FakeFileSystem::Enter(Op op, const std::string& path) {
  if (crashed_) return Status::IOError("simulated crash: the process is dead");
  if (fail_hook_) {
    Status s = fail_hook_(op, path);
    if (!s.ok()) return s;
  }
  ++counts_[op];
  return Status::OK();
}

bool FakeFileSystem::CrashHere() {
  if (crash_countdown_ == 0) return false;
  if (--crash_countdown_ != 0) return false;
  crashed_ = true;
  return true;
}

Status FakeFileSystem::ReadFile(const std::string& path, size_t max_size, std::string* contents) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kRead, path);
  if (!s.ok()) return s;
  auto it = names_.find(path);
  if (it == names_.end()) return Status::NotFound(path);
  if (it->second->data.size() > max_size) return Status::Corruption(path + " is too large");
  *contents = it->second->data;
  return Status::OK();
}

Status FakeFileSystem::WriteSyncedFile(const std::string& path, std::string_view contents) {
  return Write(path, contents, /*sync=*/true);
}

Status FakeFileSystem::WriteNewFile(const std::string& path, std::string_view contents) {
  return Write(path, contents, /*sync=*/false);
}

Status FakeFileSystem::Write(const std::string& path, std::string_view contents, bool sync) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kWrite, path);
  if (!s.ok()) return s;
  // Like the real one: whatever was there is unlinked, and a new file is created.
  auto& inode = names_[path];
  inode = std::make_shared<Inode>();
  pending_.push_back({NameChange::kLink, path, "", inode});
  if (CrashHere()) {
    // Truncated, then part of the write reached the page cache; no fsync happened.
    inode->data = std::string(contents.substr(0, crash_rng_() % (contents.size() + 1)));
    return Status::IOError("simulated crash during write of " + path);
  }
  inode->data = std::string(contents);
  if (sync) inode->synced = inode->data;
  return Status::OK();
}

Status FakeFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kRename, from);
  if (!s.ok()) return s;
  auto it = names_.find(from);
  if (it == names_.end()) return Status::NotFound(from);
  const bool crash = CrashHere();
  if (!crash || crash_rng_() % 2 == 0) {
    names_[to] = it->second;
    names_.erase(from);
    pending_.push_back({NameChange::kRename, from, to, nullptr});
  }
  if (crash) return Status::IOError("simulated crash during rename of " + from);
  return Status::OK();
}

Status FakeFileSystem::SyncDir(const std::string& dir) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kSyncDir, dir);
  if (!s.ok()) return s;
  const bool crash = CrashHere();
  if (!crash || crash_rng_() % 2 == 0) {
    durable_names_ = names_;
    pending_.clear();
  }
  if (crash) return Status::IOError("simulated crash during fsync of " + dir);
  sync_cv_.notify_all();
  return Status::OK();
}

Status FakeFileSystem::CreatePrivateDir(const std::string& dir) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kMkdir, dir);
  if (!s.ok()) return s;
  dirs_.insert(dir);
  return Status::OK();
}

Status FakeFileSystem::LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = Enter(Op::kLock, path);
  if (!s.ok()) return s;
  if (!locks_.insert(path).second) return Status::Unavailable("lock " + path + " is held");
  *lock = std::make_unique<Lock>(this, path, lock_generation_);
  return Status::OK();
}

void FakeFileSystem::SetFailHook(std::function<Status(Op, const std::string&)> hook) {
  std::lock_guard<std::mutex> l(mu_);
  fail_hook_ = std::move(hook);
}

void FakeFileSystem::CrashAtMutation(int n, uint64_t seed) {
  std::lock_guard<std::mutex> l(mu_);
  crash_countdown_ = n;
  crash_rng_.seed(seed);
}

bool FakeFileSystem::crashed() const {
  std::lock_guard<std::mutex> l(mu_);
  return crashed_;
}

void FakeFileSystem::ReleaseLocks() {
  locks_.clear();
  ++lock_generation_;
  crashed_ = false;
  crash_countdown_ = 0;
}

void FakeFileSystem::Kill() {
  std::lock_guard<std::mutex> l(mu_);
  ReleaseLocks();
}

void FakeFileSystem::PowerLoss(uint64_t seed) {
  std::lock_guard<std::mutex> l(mu_);
  std::mt19937_64 rng(seed);
  // Directory changes reach the disk in order, so some prefix of the pending ones did.
  std::map<std::string, std::shared_ptr<Inode>> names = durable_names_;
  const size_t survived = rng() % (pending_.size() + 1);
  for (size_t i = 0; i < survived; ++i) {
    const NameChange& c = pending_[i];
    if (c.kind == NameChange::kLink) {
      names[c.a] = c.inode;
    } else if (auto it = names.find(c.a); it != names.end()) {
      names[c.b] = it->second;
      names.erase(c.a);
    }
  }
  for (auto& [name, inode] : names) {
    if (inode->data != inode->synced) {
      switch (rng() % 3) {
        case 0:
          inode->data = inode->synced;
          break;
        case 1:
          inode->data.resize(rng() % (inode->data.size() + 1));
          break;
        default:
          break;  // all of it made it
      }
      inode->synced = inode->data;
    }
  }
  names_ = names;
  durable_names_ = names;
  pending_.clear();
  ReleaseLocks();
}

void FakeFileSystem::PutFile(const std::string& path, const std::string& contents) {
  std::lock_guard<std::mutex> l(mu_);
  auto inode = std::make_shared<Inode>(Inode{contents, contents});
  names_[path] = inode;
  durable_names_[path] = inode;
}

std::optional<std::string> FakeFileSystem::GetFile(const std::string& path) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = names_.find(path);
  if (it == names_.end()) return std::nullopt;
  return it->second->data;
}

bool FakeFileSystem::IsSynced(const std::string& path) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = names_.find(path);
  return it != names_.end() && it->second->data == it->second->synced;
}

std::vector<std::string> FakeFileSystem::ListFiles() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& [name, inode] : names_) out.push_back(name);
  return out;
}

std::set<std::string> FakeFileSystem::dirs() const {
  std::lock_guard<std::mutex> l(mu_);
  return dirs_;
}

int FakeFileSystem::count(Op op) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = counts_.find(op);
  return it == counts_.end() ? 0 : it->second;
}

bool FakeFileSystem::WaitForSyncs(int n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> l(mu_);
  return sync_cv_.wait_for(l, timeout, [&] {
    auto it = counts_.find(Op::kSyncDir);
    return it != counts_.end() && it->second >= n;
  });
}

}  // namespace idgen::test
