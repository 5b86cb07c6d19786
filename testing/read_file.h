// ReadFile: a whole file's bytes, for tests that compare what was written ("" if it cannot be
// opened: the comparison then fails and says what was expected).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace glomers::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace glomers::testing
