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

  // Reads a whole file of at most `max_size` bytes. NotFound if nothing is there. Corruption if
  // what is there is not a regular file (a symbolic link, never followed; a FIFO, never waited
  // on; a device; a directory) or is larger than `max_size` (refused unread). IOError for
  // anything else.
  virtual Status ReadFile(const std::string& path, size_t max_size, std::string* contents) = 0;

  // Creates a new regular file at `path`, writes `contents`, fsyncs and closes it. Whatever was
  // at `path` before (a leftover file, a planted symbolic link) is unlinked first and never
  // truncated or written through. On OK the contents are durable, but the directory entry is
  // not until SyncDir.
  virtual Status WriteSyncedFile(const std::string& path, std::string_view contents) = 0;

  // WriteSyncedFile without the fsync: the contents survive this process's death (the kernel
  // has them), not the machine's.
  virtual Status WriteNewFile(const std::string& path, std::string_view contents) = 0;

  // Atomically replaces `to` with `from` (rename(2)). Durable only after SyncDir.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;

  // Makes the directory's entries (creations, renames) durable (fsync on the directory).
  virtual Status SyncDir(const std::string& dir) = 0;

  // Creates the directory `dir` (mode 0700) unless it exists. An existing one must be a real
  // directory (not a symbolic link) owned by this user and writable by nobody else, or this is
  // IOError: in a shared place such as /tmp, another user could have planted it.
  virtual Status CreatePrivateDir(const std::string& dir) = 0;

  // Takes an exclusive lock on `path`, creating the file if needed, without blocking.
  // Unavailable if another holder has it (another process, or another lock in this one);
  // IOError if `path` is not a regular file (a symbolic link is never followed).
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
};

// The process-wide POSIX file system (open/write/fsync/rename/flock). Never destroyed.
FileSystem* DefaultFileSystem();

}  // namespace idgen

#endif  // IDGEN_FILE_SYSTEM_H_
