#include "runner/src/serve_paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>
#include <vector>

namespace glomers {

namespace fs = std::filesystem;

namespace {

// Splits "/a/b/" into {"a", "b"}; false for a segment that is empty, "." or "..". A trailing '/'
// is allowed (it ends every directory's URL) and reported in `trailing_slash`.
bool SplitSegments(std::string_view url_path, std::vector<std::string_view>* segments,
                   bool* trailing_slash) {
  if (url_path.empty() || url_path.front() != '/') return false;
  if (url_path.find('\0') != std::string_view::npos) return false;
  std::string_view rest = url_path.substr(1);
  *trailing_slash = url_path.size() > 1 && url_path.back() == '/';
  if (*trailing_slash) rest.remove_suffix(1);
  if (rest.empty()) return true;  // "/": the store itself
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return false;
    segments->push_back(segment);
    if (slash == std::string_view::npos) return true;
    rest.remove_prefix(slash + 1);
  }
}

bool IsUtf8Text(std::string_view head) {
  std::size_t i = 0;
  while (i < head.size()) {
    auto c = static_cast<unsigned char>(head[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (length == 0 || c > 0xf4) return false;
    for (std::size_t k = 1; k < length; ++k) {
      // A sequence cut by the end of `head` is not evidence against text.
      if (i + k >= head.size()) return true;
      if ((static_cast<unsigned char>(head[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

bool IsInside(const fs::path& store, const fs::path& path) {
  auto [s, p] = std::mismatch(store.begin(), store.end(), path.begin(), path.end());
  // "/store/" ends in an empty component; what is left of `store` may only be that.
  return s == store.end() || (std::next(s) == store.end() && s->empty());
}

StoreResolution ResolveStorePath(const fs::path& store, std::string_view url_path) {
  std::vector<std::string_view> segments;
  bool trailing_slash = false;
  if (!SplitSegments(url_path, &segments, &trailing_slash)) return {};
  fs::path named = store;
  for (auto segment : segments) named /= fs::path(std::string(segment));
  std::error_code ec;
  fs::path real = fs::canonical(named, ec);
  if (ec || !IsInside(store, real)) return {};
  auto status = fs::status(real, ec);
  if (ec) return {};
  if (fs::is_directory(status)) {
    if (!segments.empty() && !trailing_slash) {
      return {StoreTarget::kRedirect, {}, UrlEncodePath(std::string(url_path) + "/")};
    }
    return {StoreTarget::kDirectory, real, {}};
  }
  if (fs::is_regular_file(status) && !trailing_slash) return {StoreTarget::kFile, real, {}};
  return {};
}

int OpenInside(const fs::path& store, const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return -1;
  struct stat st {};
  std::array<char, 4096> target{};
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(link.c_str(), target.data(), target.size() - 1);
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && n > 0 &&
            static_cast<std::size_t>(n) < target.size() - 1 &&
            IsInside(store, fs::path(std::string(target.data(), static_cast<std::size_t>(n))));
  if (!ok) {
    ::close(fd);
    return -1;
  }
  // Opened without blocking only so that a fifo swapped in cannot hang the open; reads block.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::string UrlEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ContentTypeFor(const fs::path& file, std::string_view head) {
  static const std::pair<std::string_view, std::string_view> kByExtension[] = {
      {".html", "text/html; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".json", "application/json"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".png", "image/png"},
      {".jsonl", "text/plain; charset=utf-8"},
      {".edn", "text/plain; charset=utf-8"},
      {".log", "text/plain; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
  };
  std::string extension = file.extension().string();
  for (auto [ext, type] : kByExtension) {
    if (extension == ext) return std::string(type);
  }
  return IsUtf8Text(head) ? "text/plain; charset=utf-8" : "application/octet-stream";
}

}  // namespace glomers
