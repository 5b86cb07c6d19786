// A growable byte buffer whose small appends are a few instructions: the pieces a node puts
// replies together from (a quote, a name, a key, a number) are mostly under 16 bytes, and a call
// to memcpy for each costs more than the copy. Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace maelstrom::internal {

// Copies n bytes; up to 64 without a call.
inline void CopyBytes(char* dst, const char* src, std::size_t n) {
  if (n > 32 && n <= 64) {  // a reply's template: its envelope and the body up to the value
    char head[32], tail[32];
    std::memcpy(head, src, 32);
    std::memcpy(tail, src + n - 32, 32);
    std::memcpy(dst, head, 32);
    std::memcpy(dst + n - 32, tail, 32);
    return;
  }
  if (n > 16 && n <= 32) {
    char head[16], tail[16];
    std::memcpy(head, src, 16);
    std::memcpy(tail, src + n - 16, 16);
    std::memcpy(dst, head, 16);
    std::memcpy(dst + n - 16, tail, 16);
    return;
  }
  if (n <= 16) {
    if (n >= 8) {
      std::uint64_t head, tail;
      std::memcpy(&head, src, 8);
      std::memcpy(&tail, src + n - 8, 8);
      std::memcpy(dst, &head, 8);
      std::memcpy(dst + n - 8, &tail, 8);
    } else if (n >= 4) {
      std::uint32_t head, tail;
      std::memcpy(&head, src, 4);
      std::memcpy(&tail, src + n - 4, 4);
      std::memcpy(dst, &head, 4);
      std::memcpy(dst + n - 4, &tail, 4);
    } else if (n > 0) {
      dst[0] = src[0];
      dst[n / 2] = src[n / 2];
      dst[n - 1] = src[n - 1];
    }
    return;
  }
  std::memcpy(dst, src, n);
}

// Bytes in a buffer that starts inline (kInline bytes) and moves to the heap when it outgrows it.
template <std::size_t kInline>
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const ByteBuffer& other) { Append(other.view()); }
  ByteBuffer& operator=(const ByteBuffer& other) {
    if (this != &other) {
      size_ = 0;
      Append(other.view());
    }
    return *this;
  }
  ByteBuffer(ByteBuffer&& other) noexcept { *this = std::move(other); }
  ByteBuffer& operator=(ByteBuffer&& other) noexcept {
    if (this != &other) {
      if (other.heap_) {
        heap_ = std::move(other.heap_);
        data_ = heap_.get();
        capacity_ = other.capacity_;
        size_ = other.size_;
      } else {
        heap_.reset();
        data_ = inline_;
        capacity_ = kInline;
        size_ = other.size_;
        std::memcpy(inline_, other.inline_, size_);
      }
      other.heap_.reset();
      other.data_ = other.inline_;
      other.capacity_ = kInline;
      other.size_ = 0;
    }
    return *this;
  }

  // Room for n more bytes at the end; Commit(n) after writing them.
  [[gnu::always_inline]] char* Reserve(std::size_t n) {
    if (capacity_ - size_ < n) Grow(n);
    return data_ + size_;
  }
  void Commit(std::size_t n) { size_ += n; }
  [[gnu::always_inline]] void Append(std::string_view s) {
    CopyBytes(Reserve(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  [[gnu::always_inline]] void Append(char c) {
    *Reserve(1) = c;
    ++size_;
  }
  std::string_view view() const { return {data_, size_}; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Empties the buffer, and gives back its heap memory if it grew over `keep` bytes (a huge
  // message): otherwise the memory stays for the next contents.
  void Clear(std::size_t keep) {
    size_ = 0;
    if (heap_ && capacity_ > keep) {
      heap_.reset();
      data_ = inline_;
      capacity_ = kInline;
    }
  }

 private:
  [[gnu::noinline]] void Grow(std::size_t more) {
    std::size_t capacity = capacity_ * 2;
    if (capacity < size_ + more) capacity = size_ + more;
    auto heap = std::make_unique<char[]>(capacity);
    std::memcpy(heap.get(), data_, size_);
    heap_ = std::move(heap);
    data_ = heap_.get();
    capacity_ = capacity;
  }

  char inline_[kInline];
  std::unique_ptr<char[]> heap_;
  char* data_ = inline_;
  std::size_t size_ = 0;
  std::size_t capacity_ = kInline;
};

}  // namespace maelstrom::internal
