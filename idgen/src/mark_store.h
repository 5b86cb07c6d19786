// MarkStore: one node index's durable high-water mark in a directory shared with other nodes.
//
// Files, for prefix "unique-ids" and node index 1:
//   unique-ids.1.mark       the mark (see mark_file.h)
//   unique-ids.1.mark.tmp   the next mark while it is being written; never read
//   unique-ids.1.mark.lock  flock'ed while a generator owns the index's mark
//
// The index, not the node's name, keys the files: IDs carry the index, so whoever issues under
// it, under whatever name, must start above what every earlier holder of that index issued.
//
// Save is write temp + fsync, rename over the mark, fsync the directory: after a crash at
// any point the mark file holds either the old or the new value, never a mix. Saved
// values never decrease, so the value on disk is always at least anything reported saved.
// With MarkDurability::kProcessCrash the two fsyncs are left out: the same holds for the
// death of the process (the kernel has the file and the rename), not for the machine's.
//
// Thread-safe: Save and Load are serialized by an internal mutex, so a background write and
// a caller's own write never interleave.

#ifndef IDGEN_SRC_MARK_STORE_H_
#define IDGEN_SRC_MARK_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "idgen/file_system.h"
#include "idgen/options.h"
#include "idgen/status.h"

namespace idgen {

class MarkStore {
 public:
  // No I/O. InvalidArgument for a prefix that cannot name a file. With `create_dir`, Lock()
  // first creates `dir` as a private directory (FileSystem::CreatePrivateDir).
  static Status Create(FileSystem* fs, const std::string& dir, const std::string& prefix,
                       uint32_t node_index, const std::string& node_id, bool create_dir,
                       MarkDurability durability, std::unique_ptr<MarkStore>* out);

  // Takes the index's lock file. Unavailable if it is held elsewhere or cannot be opened.
  Status Lock();
  bool locked() const;

  // Requires locked(). A missing file is a first start: OK with *mark = nullopt. Corruption
  // for a damaged or hostile file (not a regular file, too large, bad checksum, another
  // index's); Unavailable if it cannot be read. *last_writer: the node id that wrote it.
  Status Load(std::optional<int64_t>* mark, std::string* last_writer);

  // Requires locked(). Durably stores max(mark_ms, every value loaded or saved before) and
  // reports it in *saved; a value already durable is not written again. Unavailable (with
  // the failing call and errno text) on failure.
  Status Save(int64_t mark_ms, int64_t* saved);

  const std::string& path() const { return path_; }

 private:
  MarkStore(FileSystem* fs, std::string dir, uint32_t node_index, std::string node_id,
            bool create_dir, MarkDurability durability, std::string path);

  FileSystem* const fs_;
  const std::string dir_;
  const uint32_t node_index_;
  const std::string node_id_;
  const bool create_dir_;
  const MarkDurability durability_;
  const std::string path_;
  const std::string temp_path_;
  const std::string lock_path_;

  mutable std::mutex mu_;
  std::unique_ptr<FileLock> lock_;  // guarded by mu_
  int64_t floor_ms_ = -1;           // guarded by mu_: highest value loaded or saved
};

}  // namespace idgen

#endif  // IDGEN_SRC_MARK_STORE_H_
