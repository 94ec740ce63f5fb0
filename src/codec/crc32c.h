// CRC-32C (Castagnoli), the checksum of every binary log chunk.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringlog::detail {

// CRC-32C of `size` bytes at `data`, continuing from `crc` (0 to start): reflected polynomial
// 0x82F63B78, initial value and final xor 0xFFFFFFFF, as in iSCSI and ext4. crc32c("123456789")
// is 0xE3069283. Uses the SSE4.2 crc32 instruction when the CPU has it (about 8 bytes a cycle),
// a table otherwise. Thread-safe.
std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0) noexcept;

// The table version alone, so tests can compare both paths.
std::uint32_t crc32c_portable(const void* data, std::size_t size, std::uint32_t crc = 0) noexcept;

}  // namespace ringlog::detail
