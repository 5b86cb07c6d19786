// Writes a large file that is written once and read later, if at all: the history files, over a
// gigabyte at three million operations. The bytes go out in chunks of 8 MiB; through the page
// cache at first, and straight to the disk (O_DIRECT) when the page cache proves slow.
//
// Why: copying into the page cache costs a fresh page frame per 4 KiB, and where frames are slow
// to get that copy is most of the work. In a virtual machine whose free memory goes back to the
// host (a balloon with free page reporting, as on the machine the targets are measured on), each
// fresh frame is a fault in the host: 1.3 GB took 4.6 to 7 s to write through the page cache
// there and 1.4 to 3.4 s written direct (dd, 3 files at once, bench results in the commit that
// added this). On a machine where the page cache is fast, direct writes would only be slower
// (they wait for the disk), so the sink measures the first chunks it writes and goes direct only
// when they ran below kDirectBelowBytesPerSecond.
//
// The file's bytes are the same whichever way they went. Direct writes need aligned memory,
// lengths and offsets (4 KiB serves every common disk); the last partial block is written through
// the page cache. When the file system refuses O_DIRECT (or a direct write fails as unaligned),
// the sink stays with the page cache.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

namespace glomers {

class FileSink {
 public:
  enum class Mode {
    kAdaptive,  // buffered; direct if the first kProbeBytes were slow
    kBuffered,  // through the page cache only
    kDirect,    // direct from the first byte (when the file system allows)
  };
  static constexpr std::size_t kChunk = std::size_t{8} << 20;
  static constexpr std::size_t kAlign = 4096;
  static constexpr std::size_t kProbeBytes = std::size_t{16} << 20;
  static constexpr double kDirectBelowBytesPerSecond = 1e9;

  // Writes to `fd`, open for writing at offset 0 (a fresh file); does not close it.
  explicit FileSink(int fd, Mode mode = Mode::kAdaptive);
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  ~FileSink();

  // Appends bytes; false once any write has failed.
  bool Write(std::string_view bytes);
  // Writes what is left (and leaves the descriptor without O_DIRECT); false if any write failed.
  bool Finish();

  // Whether the adaptive mode goes direct after `bytes` took `seconds` through the page cache.
  static bool PreferDirect(std::size_t bytes, double seconds);
  // Whether any chunk was written direct (for tests and measurements).
  bool wrote_direct() const { return wrote_direct_; }

 private:
  struct Free {
    void operator()(char* p) const;
  };
  // Writes the first `n` bytes of the buffer (all of them direct, when direct).
  bool Flush(std::size_t n);
  bool WriteAll(const char* p, std::size_t n);
  void SetDirect(bool on);

  int fd_;
  Mode mode_;
  std::unique_ptr<char, Free> buffer_;  // kChunk bytes, aligned to kAlign
  std::size_t used_ = 0;
  bool direct_ = false;
  bool wrote_direct_ = false;
  bool ok_ = true;
  std::size_t probed_bytes_ = 0;  // written through the page cache while probing
  double probed_seconds_ = 0;
};

}  // namespace glomers
