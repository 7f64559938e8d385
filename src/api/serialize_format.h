// The layout of a serialized Module (Module::serialize / deserialize), shared with the
// tests that corrupt it on purpose. All integers little-endian, at fixed offsets:
//
//   0  magic          8 bytes "\x7fNPMOD\r\n" (\r\n catches text-mode mangling)
//   8  format         u32, kFormatVersion
//  12  reserved       u32, 0
//  16  nanoproc       16 bytes: the version string, NUL-padded
//  32  fingerprint    u64: the engine settings the saved work depends on (engine_fingerprint)
//  40  payload size   u64: bytes after the header; must be exactly what follows
//  48  checksum       u64: CRC-32C of bytes [0, 48) and of the payload (upper half zero)
//  56  payload        the module in the WebAssembly binary format, as encode_module writes it
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nanoproc::api::serial {

inline constexpr std::array<uint8_t, 8> kMagic = {0x7f, 'N', 'P', 'M', 'O', 'D', '\r', '\n'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kVersionOffset = 16, kVersionBytes = 16;
inline constexpr size_t kFingerprintOffset = 32;
inline constexpr size_t kPayloadSizeOffset = 40;
inline constexpr size_t kChecksumOffset = 48;
inline constexpr size_t kHeaderBytes = 56;

// CRC-32C (Castagnoli). A CRC rather than a hash: it is guaranteed to catch every error
// burst of up to 32 bits, so every single corrupted byte; and x86-64's SSE4.2 computes it
// at several GB/s, so that checking it costs little next to decoding. crc32c uses the
// instruction when the CPU has it; crc32c_portable is the table-driven version.
uint32_t crc32c(uint32_t crc, std::span<const uint8_t> bytes);
uint32_t crc32c_portable(uint32_t crc, std::span<const uint8_t> bytes);

// The checksum stored at kChecksumOffset of a whole serialized module (header + payload).
uint64_t checksum(std::span<const uint8_t> serialized);

}  // namespace nanoproc::api::serial
