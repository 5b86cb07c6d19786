// What a request path names in the store, for `glomers serve`: the one place that decides what
// may be served. No sockets here, so every refusal is unit-tested directly.
//
// The contract: a path is served only if it names, after every symlink is followed, the store
// itself or something under it. Refused (kNotFound, as the server answers 404 to all of them, so
// that a refusal does not tell what exists outside): a path not starting with '/', an empty
// segment ("//etc/passwd", "/a//b"), a "." or ".." segment (also when it came percent-encoded:
// the server passes the decoded path), a NUL byte, anything missing, anything that resolves
// outside the store (a symlink out of it, at any depth), and anything but a directory or a
// regular file (a fifo would hang the reader).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace glomers {

enum class StoreTarget {
  kDirectory,  // the store itself (the index) or a directory under it
  kFile,       // a regular file
  kRedirect,   // a directory named without its trailing '/': `location` adds it
  kNotFound,
};

struct StoreResolution {
  StoreTarget target = StoreTarget::kNotFound;
  std::filesystem::path path;  // kDirectory, kFile: canonical, inside the store
  std::string location;        // kRedirect: the path to send the browser to (URL-encoded)
};

// `store` must be canonical (std::filesystem::canonical). `url_path` is the request's path,
// percent-decoded, without its query.
StoreResolution ResolveStorePath(const std::filesystem::path& store, std::string_view url_path);

// True if canonical `path` is `store` or under it (compared by path components, so /store2 is not
// under /store).
bool IsInside(const std::filesystem::path& store, const std::filesystem::path& path);

// Opens `path` (as ResolveStorePath returned it) for reading and checks, on the open descriptor,
// that it is still a regular file inside `store`: a symlink swapped in between resolving and
// opening is refused too. Returns the descriptor (the caller closes it), or -1.
int OpenInside(const std::filesystem::path& store, const std::filesystem::path& path);

// Percent-encodes a path for a URL: every byte but unreserved ones and '/' ("+" becomes "%2B").
std::string UrlEncodePath(std::string_view path);

// The Content-Type to serve a file with, from its name, or when the name does not say, from its
// first bytes `head`: text (UTF-8 without NUL or other control bytes but tab, CR, LF) as
// text/plain, anything else as application/octet-stream. Logs, EDN and JSON lines are shown as
// text so that a browser displays them instead of downloading them.
std::string ContentTypeFor(const std::filesystem::path& file, std::string_view head);

}  // namespace glomers
