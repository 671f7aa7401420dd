// The launcher's input limits in one place, shared by every source (contract.md §3, issue 5):
// each one is a clear error with exit 125, never a crash or a silent truncation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dgl::limits {

/// Largest .env file accepted (16 MiB). Far above real files; bounds memory and parse time.
inline constexpr std::uintmax_t k_max_dotenv_bytes = 16U * 1024U * 1024U;

/// Longest physical line of a .env text (1 MiB): no value can be larger than a secret file.
inline constexpr std::size_t k_max_line_bytes = 1024U * 1024U;

/// Longest value interpolation may build (1 MiB, as a line): `A=${A}${A}` doubles A, so a few
/// dozen such lines of a .env would take every byte of memory before any other limit is met.
/// python-dotenv refuses the file (exit 125), compose rejects it as it does a bad template.
inline constexpr std::size_t k_max_value_bytes = 1024U * 1024U;

/// Most bytes interpolation may build for one .env text in all (64 MiB, four times the largest
/// file): 2,000 lines of `K=${A}` with A at 512 KiB each stay under the limit above but took
/// 2 GB and 7 s, and the 16 MiB a file may hold would reach hundreds of GB.
inline constexpr std::size_t k_max_expanded_bytes = 64U * 1024U * 1024U;

/// Most variables one source may offer, and the most the resolved environment may hold.
/// Benchmarks run check/print on 100,000 keys; the kernel refuses far fewer at execve anyway.
inline constexpr std::size_t k_max_keys = 250'000;

/// Largest secret file (KEY_FILE, --secrets-dir, $CREDENTIALS_DIRECTORY): 1 MiB.
/// Read with util::read_file_limited(path, k_max_secret_file_bytes, ...).
inline constexpr std::uintmax_t k_max_secret_file_bytes = 1024U * 1024U;

/// Linux MAX_ARG_STRLEN (32 pages of 4 KiB): the longest single "KEY=VALUE" or argument
/// string execve accepts, counting its terminating NUL.
inline constexpr std::size_t k_max_arg_strlen = 32U * 4096U;

/// The kernel never grants argv+envp more than 3/4 of _STK_LIM (8 MiB), whatever the stack rlimit.
inline constexpr std::size_t k_max_arg_total = 6U * 1024U * 1024U;

}  // namespace dgl::limits
