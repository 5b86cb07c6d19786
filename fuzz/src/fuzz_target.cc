// A libFuzzer entry point around one of the checks in checks.h, chosen at compile time by
// GLOMERS_FUZZ_CHECK. A violated invariant aborts, which libFuzzer reports as a crash and saves.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string problem = glomers::fuzz::GLOMERS_FUZZ_CHECK(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "\n==== invariant violated: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
