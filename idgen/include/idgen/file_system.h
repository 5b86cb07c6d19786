// FileSystem: the few file operations the high-water mark needs, behind an interface so
// tests can fail, tear and crash them deterministically. The real one makes POSIX calls.

#ifndef IDGEN_FILE_SYSTEM_H_
#define IDGEN_FILE_SYSTEM_H_

#include <memory>
#include <string>
#include <string_view>

#include "idgen/status.h"

namespace idgen {

// An advisory lock held until destruction (or until the process dies).
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a whole file. NotFound if it does not exist; IOError for anything else.
  virtual Status ReadFile(const std::string& path, std::string* contents) = 0;

  // Creates or truncates `path`, writes `contents`, fsyncs and closes it. On OK the
  // contents are durable, but the directory entry is not until SyncDir.
  virtual Status WriteSyncedFile(const std::string& path, std::string_view contents) = 0;

  // Atomically replaces `to` with `from` (rename(2)). Durable only after SyncDir.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;

  // Makes the directory's entries (creations, renames) durable (fsync on the directory).
  virtual Status SyncDir(const std::string& dir) = 0;

  // Removes a file. NotFound if it does not exist.
  virtual Status RemoveFile(const std::string& path) = 0;

  // Takes an exclusive lock on `path`, creating the file if needed, without blocking.
  // Unavailable if another holder has it (another process, or another lock in this one).
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
};

// The process-wide POSIX file system (open/write/fsync/rename/flock). Never destroyed.
FileSystem* DefaultFileSystem();

}  // namespace idgen

#endif  // IDGEN_FILE_SYSTEM_H_
