#include "runner/src/workload.h"

#include "runner/src/workloads/echo.h"
#include "runner/src/workloads/unique_ids.h"

namespace glomers {

namespace {
struct Entry {
  std::string_view name;
  std::unique_ptr<Workload> (*make)();
};
// Every workload glomers runs.
constexpr Entry kWorkloads[] = {
    {"echo", MakeEchoWorkload},
    {"unique-ids", MakeUniqueIdsWorkload},
};
}  // namespace

const std::vector<std::string_view>& WorkloadNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const Entry& e : kWorkloads) v.push_back(e.name);
    return v;
  }();
  return names;
}

std::unique_ptr<Workload> MakeWorkload(std::string_view name) {
  for (const Entry& e : kWorkloads) {
    if (e.name == name) return e.make();
  }
  return nullptr;
}

}  // namespace glomers
