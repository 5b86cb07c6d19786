// FileSystem on POSIX calls. Errors carry the path and strerror text, because they end
// up verbatim in the replies a node sends when it cannot vouch for IDs.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "idgen/file_system.h"

namespace idgen {

namespace {

Status ErrnoStatus(std::string_view what, const std::string& path, int err) {
  std::string msg(what);
  msg += " ";
  msg += path;
  msg += ": ";
  msg += std::strerror(err);
  if (err == ENOENT) return Status::NotFound(msg);
  return Status::IOError(msg);
}

// A close() error after write is reported: on some file systems it is the first sign
// that the data did not make it.
Status CloseChecked(int fd, const std::string& path) {
  if (close(fd) != 0) return ErrnoStatus("close", path, errno);
  return Status::OK();
}

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { close(fd_); }  // closing the descriptor drops the flock

 private:
  const int fd_;
};

class PosixFileSystem final : public FileSystem {
 public:
  Status ReadFile(const std::string& path, std::string* contents) override {
    contents->clear();
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open", path, errno);
    char buf[4096];
    for (;;) {
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        close(fd);
        return ErrnoStatus("read", path, err);
      }
      contents->append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return Status::OK();
  }

  Status WriteSyncedFile(const std::string& path, std::string_view contents) override {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("create", path, errno);
    size_t done = 0;
    while (done < contents.size()) {
      const ssize_t n = write(fd, contents.data() + done, contents.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        close(fd);
        return ErrnoStatus("write", path, err);
      }
      done += static_cast<size_t>(n);
    }
    if (fsync(fd) != 0) {
      const int err = errno;
      close(fd);
      return ErrnoStatus("fsync", path, err);
    }
    return CloseChecked(fd, path);
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus("rename to " + to, from, errno);
    return Status::OK();
  }

  Status SyncDir(const std::string& dir) override {
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open directory", dir, errno);
    if (fsync(fd) != 0) {
      const int err = errno;
      close(fd);
      return ErrnoStatus("fsync directory", dir, err);
    }
    return CloseChecked(fd, dir);
  }

  Status RemoveFile(const std::string& path) override {
    if (unlink(path.c_str()) != 0) return ErrnoStatus("unlink", path, errno);
    return Status::OK();
  }

  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("open lock file", path, errno);
    // flock, not fcntl locks: fcntl locks are per process, so a second generator for the
    // same node inside one process would silently share the lock instead of failing.
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      close(fd);
      if (err == EWOULDBLOCK) {
        return Status::Unavailable("lock file " + path +
                                   " is held by another generator (is another node with the "
                                   "same id using this mark directory?)");
      }
      return ErrnoStatus("flock", path, err);
    }
    *lock = std::make_unique<PosixFileLock>(fd);
    return Status::OK();
  }
};

}  // namespace

FileSystem* DefaultFileSystem() {
  static PosixFileSystem* const fs = new PosixFileSystem();
  return fs;
}

}  // namespace idgen
