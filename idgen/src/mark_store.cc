#include "mark_store.h"

#include <algorithm>

#include "mark_file.h"

namespace idgen {

MarkStore::MarkStore(FileSystem* fs, std::string dir, uint32_t node_index, std::string node_id,
                     bool create_dir, MarkDurability durability, std::string path)
    : fs_(fs),
      dir_(std::move(dir)),
      node_index_(node_index),
      node_id_(std::move(node_id)),
      create_dir_(create_dir),
      durability_(durability),
      path_(std::move(path)),
      temp_path_(path_ + ".tmp"),
      lock_path_(path_ + ".lock") {}

Status MarkStore::Create(FileSystem* fs, const std::string& dir, const std::string& prefix,
                         uint32_t node_index, const std::string& node_id, bool create_dir,
                         MarkDurability durability, std::unique_ptr<MarkStore>* out) {
  std::string name;
  Status s = MarkFileName(prefix, node_index, &name);
  if (!s.ok()) return s;
  const std::string d = dir.empty() ? "." : dir;
  out->reset(new MarkStore(fs, d, node_index, node_id, create_dir, durability, d + "/" + name));
  return Status::OK();
}

Status MarkStore::Lock() {
  std::lock_guard<std::mutex> l(mu_);
  if (lock_ != nullptr) return Status::OK();
  if (create_dir_) {
    Status s = fs_->CreatePrivateDir(dir_);
    if (!s.ok())
      return Status::Unavailable("cannot use mark directory: " + std::string(s.message()));
  }
  Status s = fs_->LockFile(lock_path_, &lock_);
  if (s.ok() || s.IsUnavailable()) return s;
  return Status::Unavailable("cannot lock mark file: " + std::string(s.message()));
}

bool MarkStore::locked() const {
  std::lock_guard<std::mutex> l(mu_);
  return lock_ != nullptr;
}

Status MarkStore::Load(std::optional<int64_t>* mark, std::string* last_writer) {
  std::lock_guard<std::mutex> l(mu_);
  mark->reset();
  last_writer->clear();
  std::string contents;
  Status s = fs_->ReadFile(path_, kMaxMarkFileSize, &contents);
  // Assumes the directory survives between runs: a missing file means no ID was ever
  // issued under this index. (A leftover .tmp without a mark means the first write never
  // completed, so no ID was issued then either.)
  if (s.IsNotFound()) return Status::OK();
  DecodedMark decoded;
  if (s.ok()) {
    s = DecodeMark(contents, node_index_, &decoded);
  } else if (!s.IsCorruption()) {
    return Status::Unavailable("cannot read mark file: " + std::string(s.message()));
  }
  if (!s.ok()) {
    return Status::Corruption("mark file " + path_ + " is damaged (" + std::string(s.message()) +
                              "); refusing to issue IDs that could repeat. Restore it, or replace "
                              "it with a mark above every ID this node index ever issued");
  }
  floor_ms_ = std::max(floor_ms_, decoded.ms);
  *mark = decoded.ms;
  *last_writer = std::move(decoded.node);
  return Status::OK();
}

Status MarkStore::Save(int64_t mark_ms, int64_t* saved) {
  std::lock_guard<std::mutex> l(mu_);
  if (mark_ms <= floor_ms_) {  // already on disk (loaded, or written by a concurrent Save)
    *saved = floor_ms_;
    return Status::OK();
  }
  const std::string contents = EncodeMark(node_index_, node_id_, mark_ms);
  const bool sync = durability_ == MarkDurability::kMachineCrash;
  Status s =
      sync ? fs_->WriteSyncedFile(temp_path_, contents) : fs_->WriteNewFile(temp_path_, contents);
  if (s.ok()) s = fs_->Rename(temp_path_, path_);
  if (s.ok() && sync) s = fs_->SyncDir(dir_);
  if (!s.ok()) {
    return Status::Unavailable(
        "cannot make the ID high-water mark durable, so no ID can be "
        "vouched for: " +
        std::string(s.message()));
  }
  floor_ms_ = mark_ms;
  *saved = mark_ms;
  return Status::OK();
}

}  // namespace idgen
