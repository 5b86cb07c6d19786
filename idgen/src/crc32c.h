// CRC-32C (Castagnoli), the checksum on the mark file line.

#ifndef IDGEN_SRC_CRC32C_H_
#define IDGEN_SRC_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace idgen {

uint32_t Crc32c(std::string_view data);

}  // namespace idgen

#endif  // IDGEN_SRC_CRC32C_H_
