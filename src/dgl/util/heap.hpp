// The launcher's heap: sized for what a resolution of large inputs will allocate.
#pragma once

#include <cstddef>

namespace dgl::util {

/// Inputs of at least this many bytes get a heap backed by transparent huge pages (see heap.cpp).
/// Measured on the bench files: no difference at 10,000 keys (0.6 MB), 31% faster at 20,000 keys
/// (1.2 MB) and 29% at 100,000 keys (5.9 MB).
constexpr std::size_t k_huge_heap_input_bytes = 1024 * 1024;

/// Before reading a file of `input_bytes` (a .env, to be parsed and resolved): grows the heap by what resolving
/// them will allocate and asks the kernel to back that part with transparent huge pages
/// (madvise MADV_HUGEPAGE). A 100k-key file otherwise costs ~11,400 page faults, a quarter of its
/// time; with it ~230. Below k_huge_heap_input_bytes it does nothing: a small launch would pay a
/// 2 MiB page for a few hundred KiB. Best effort: where the kernel has THP off, nothing changes.
void prepare_heap(std::size_t input_bytes);

}  // namespace dgl::util
