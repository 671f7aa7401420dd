// The launcher's heap: sized for what a resolution of large inputs will allocate.
#pragma once

#include <cstddef>

namespace dgl::util {

/// Files of at least this many bytes get a heap backed by transparent huge pages. Measured with
/// glibc's own switch (glibc.malloc.hugetlb=1) on the bench files: no gain at 10,000 keys (0.6 MB
/// of .env), 31% less time at 20,000 keys (1.2 MB), 29% at 100,000 keys (5.9 MB).
constexpr std::size_t k_huge_heap_input_bytes = 1024 * 1024;

/// Before reading a file of `input_bytes` (a .env, to be parsed and resolved): grows the heap by
/// what resolving it will allocate and asks the kernel to back that part with transparent huge
/// pages (madvise MADV_HUGEPAGE). A 100k-key `check` otherwise takes 11,447 page faults, a quarter
/// of its time; with it 200-700 (as huge pages are free). Below k_huge_heap_input_bytes it does
/// nothing: a small launch would pay a 2 MiB page for a few hundred KiB (at 10,000 keys: 1,285 ->
/// 777 faults, no time gained). Best effort: where the kernel has THP off ("never"), nothing
/// changes; with defrag=madvise a fragmented host may compact memory at such a fault.
void prepare_heap(std::size_t input_bytes);

}  // namespace dgl::util
