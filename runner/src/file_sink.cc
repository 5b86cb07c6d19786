#include "runner/src/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace glomers {

void FileSink::Free::operator()(char* p) const { std::free(p); }

FileSink::FileSink(int fd, Mode mode) : fd_(fd), mode_(mode) {
  buffer_.reset(static_cast<char*>(std::aligned_alloc(kAlign, kChunk)));
  if (!buffer_) throw std::bad_alloc();
  if (mode_ == Mode::kDirect) SetDirect(true);
}

FileSink::~FileSink() { SetDirect(false); }

void FileSink::SetDirect(bool on) {
  if (direct_ == on) return;
  int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0) return;
  // EINVAL: the file system has no direct I/O; then the page cache it is.
  if (::fcntl(fd_, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0) direct_ = on;
}

bool FileSink::PreferDirect(std::size_t bytes, double seconds) {
  return static_cast<double>(bytes) < kDirectBelowBytesPerSecond * seconds;
}

bool FileSink::WriteAll(const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EINVAL && direct_) {
      SetDirect(false);  // refused as unaligned after all: the same bytes through the cache
      if (!direct_) continue;
    }
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
    // A short direct write can leave the offset unaligned; the rest goes through the cache.
    if (direct_ && (n % kAlign != 0 || reinterpret_cast<std::uintptr_t>(p) % kAlign != 0)) {
      SetDirect(false);
    }
  }
  return true;
}

bool FileSink::Flush(std::size_t n) {
  bool probing = mode_ == Mode::kAdaptive && !direct_ && probed_bytes_ < kProbeBytes;
  auto t0 = std::chrono::steady_clock::now();
  if (!WriteAll(buffer_.get(), n)) return false;
  if (direct_) wrote_direct_ = true;
  if (probing) {
    probed_bytes_ += n;
    probed_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (probed_bytes_ >= kProbeBytes && PreferDirect(probed_bytes_, probed_seconds_)) {
      SetDirect(true);
    }
  }
  return true;
}

bool FileSink::Write(std::string_view bytes) {
  while (!bytes.empty() && ok_) {
    std::size_t n = std::min(bytes.size(), kChunk - used_);
    std::memcpy(buffer_.get() + used_, bytes.data(), n);
    used_ += n;
    bytes.remove_prefix(n);
    if (used_ == kChunk) {
      ok_ = Flush(kChunk);
      used_ = 0;
    }
  }
  return ok_;
}

bool FileSink::Finish() {
  if (ok_ && used_ > 0) {
    // The whole blocks as the rest went, the partial one through the page cache.
    std::size_t whole = direct_ ? used_ / kAlign * kAlign : used_;
    ok_ = whole == 0 || Flush(whole);
    if (ok_ && whole < used_) {
      SetDirect(false);
      ok_ = WriteAll(buffer_.get() + whole, used_ - whole);
    }
    used_ = 0;
  }
  SetDirect(false);
  return ok_;
}

}  // namespace glomers
