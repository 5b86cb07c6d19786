// FileSystem on POSIX calls. Errors carry the path and strerror text, because they end
// up verbatim in the replies a node sends when it cannot vouch for IDs.
//
// The mark directory may be shared with others (under Maelstrom it is the JVM's temp directory),
// so nothing here trusts what it finds at a path: final components are never followed when they
// are symbolic links (O_NOFOLLOW), opens never block (O_NONBLOCK: a FIFO planted at the mark
// would otherwise hang the node in open()), only regular files are read, reads are capped, and a
// file is never rewritten in place: a new one is created beside it and renamed over it.

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

std::string_view FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// Opens without following a final symbolic link and without blocking, and refuses anything but
// a regular file. A descriptor that landed on 0, 1 or 2 (a program started with a standard
// descriptor closed) is moved above them: a later dup2 onto a standard descriptor would close it
// silently, and with it a lock.
Status OpenRegular(const std::string& path, int flags, std::string_view what, int* out) {
  int fd = open(path.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == ELOOP) {
      return Status::Corruption(path + " is a symbolic link; refusing to follow it");
    }
    return ErrnoStatus(what, path, errno);
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return ErrnoStatus("fstat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return Status::Corruption(path + " is " + std::string(FileKind(st.st_mode)) +
                              ", not a regular file; refusing to use it");
  }
  if (fd <= STDERR_FILENO) {
    const int moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    const int err = errno;
    close(fd);
    if (moved < 0) return ErrnoStatus("fcntl(F_DUPFD)", path, err);
    fd = moved;
  }
  *out = fd;
  return Status::OK();
}

// Creates `path` anew (never through what was there) and writes `contents`; fsyncs with `sync`.
Status WriteNew(const std::string& path, std::string_view contents, bool sync) {
  // unlink removes a planted symbolic link itself, never its target; O_EXCL then guarantees
  // the file written is the one just created (a link recreated in between fails EEXIST).
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("remove stale", path, errno);
  }
  int fd = -1;
  Status s = OpenRegular(path, O_WRONLY | O_CREAT | O_EXCL, "create", &fd);
  if (!s.ok()) return s;
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
  if (sync && fsync(fd) != 0) {
    const int err = errno;
    close(fd);
    return ErrnoStatus("fsync", path, err);
  }
  return CloseChecked(fd, path);
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
  Status ReadFile(const std::string& path, size_t max_size, std::string* contents) override {
    contents->clear();
    int fd = -1;
    Status s = OpenRegular(path, O_RDONLY, "open", &fd);
    if (!s.ok()) return s;
    struct stat st;
    if (fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) > max_size) {
      close(fd);
      return Status::Corruption(path + " is " + std::to_string(st.st_size) +
                                " bytes, more than the " + std::to_string(max_size) +
                                " it can be; refusing to read it");
    }
    // One byte more than allowed, to notice a file that grew since fstat.
    contents->resize(max_size + 1);
    size_t done = 0;
    while (done < contents->size()) {
      const ssize_t n = read(fd, contents->data() + done, contents->size() - done);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        close(fd);
        contents->clear();
        return ErrnoStatus("read", path, err);
      }
      done += static_cast<size_t>(n);
    }
    close(fd);
    contents->resize(done);
    if (done > max_size) {
      contents->clear();
      return Status::Corruption(path + " is more than " + std::to_string(max_size) +
                                " bytes; refusing to read it");
    }
    return Status::OK();
  }

  Status WriteSyncedFile(const std::string& path, std::string_view contents) override {
    return WriteNew(path, contents, /*sync=*/true);
  }

  Status WriteNewFile(const std::string& path, std::string_view contents) override {
    return WriteNew(path, contents, /*sync=*/false);
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

  Status CreatePrivateDir(const std::string& dir) override {
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return ErrnoStatus("create directory", dir, errno);
    }
    struct stat st;
    if (lstat(dir.c_str(), &st) != 0) return ErrnoStatus("lstat", dir, errno);
    if (!S_ISDIR(st.st_mode)) {
      return Status::IOError(dir + " is " + std::string(FileKind(st.st_mode)) +
                             ", not a directory; refusing to keep marks there");
    }
    if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      return Status::IOError(dir + " belongs to uid " + std::to_string(st.st_uid) +
                             " or is writable by others; refusing to keep marks there");
    }
    return Status::OK();
  }

  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    int fd = -1;
    Status s = OpenRegular(path, O_RDWR | O_CREAT, "open lock file", &fd);
    if (s.IsCorruption()) return Status::IOError(s.message());
    if (!s.ok()) return s;
    // flock, not fcntl locks: fcntl locks are per process, so a second generator for the
    // same node inside one process would silently share the lock instead of failing.
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      close(fd);
      if (err == EWOULDBLOCK) {
        return Status::Unavailable("lock file " + path +
                                   " is held by another generator (is another process using "
                                   "this node index and mark directory?)");
      }
      return ErrnoStatus("flock", path, err);
    }
    // The lock is on this inode. If the name now points elsewhere (the file was removed or
    // replaced while we opened it), another process can lock the new file: refuse, retry later.
    struct stat held, named;
    if (fstat(fd, &held) != 0 || stat(path.c_str(), &named) != 0 || held.st_ino != named.st_ino ||
        held.st_dev != named.st_dev) {
      close(fd);
      return Status::Unavailable("lock file " + path + " was replaced while being locked");
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
