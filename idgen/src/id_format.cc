#include "idgen/id_format.h"

namespace idgen {

std::string_view IdFormatName(IdFormat format) {
  switch (format) {
    case IdFormat::kFlake64:
      return "flake64";
    case IdFormat::kUuid7:
      return "uuid7";
    case IdFormat::kUuid4:
      return "uuid4";
  }
  return "unknown";
}

std::optional<IdFormat> ParseIdFormat(std::string_view name) {
  for (IdFormat f : {IdFormat::kFlake64, IdFormat::kUuid7, IdFormat::kUuid4}) {
    if (name == IdFormatName(f)) return f;
  }
  return std::nullopt;
}

}  // namespace idgen
