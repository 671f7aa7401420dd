// Transparent huge pages for the heap of a large resolution. glibc does this itself with the
// tunable glibc.malloc.hugetlb=1, but tunables come only from the environment at start, before
// the launcher knows how large its inputs are.
#include "dgl/util/heap.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include <sys/mman.h>
#include <unistd.h>

// Sanitizers bring their own allocator, which does not use the brk heap.
#if defined(__SANITIZE_ADDRESS__)
#define DGL_HEAP_IS_BRK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define DGL_HEAP_IS_BRK 0
#endif
#endif
#ifndef DGL_HEAP_IS_BRK
#define DGL_HEAP_IS_BRK 1
#endif

namespace dgl::util {

#if DGL_HEAP_IS_BRK
namespace {

constexpr std::uintptr_t k_huge_page = 2 * 1024 * 1024;
/// Reading and resolving a .env costs about 8 bytes of heap per byte of it (bench: 5.9 MB of
/// .env, 43 MiB peak).
constexpr std::size_t k_heap_per_input_byte = 8;
/// Below app.cpp's M_MMAP_THRESHOLD (64 MiB), so the block comes from the heap, not its own mmap.
constexpr std::size_t k_max_reserve = 56 * 1024 * 1024;

}  // namespace
#endif

void prepare_heap(std::size_t input_bytes) {
#if DGL_HEAP_IS_BRK
    if (input_bytes < k_huge_heap_input_bytes) {
        return;
    }
    const std::size_t want = std::min(input_bytes * k_heap_per_input_byte, k_max_reserve);
    // One block as large as what resolving will take, freed at once: the heap's top grows by it
    // (untouched, so no memory is used yet) and stays, since app.cpp's M_TRIM_THRESHOLD keeps
    // freed memory. Every later allocation is carved from that range.
    auto* const before = static_cast<char*>(sbrk(0));
    void* block = std::malloc(want);
    asm volatile("" : : "r"(block) : "memory");  // the compiler may not drop the malloc/free pair
    auto* const after = static_cast<char*>(sbrk(0));
    std::free(block);
    if (block == nullptr || before == reinterpret_cast<char*>(-1) || after <= before) {
        return;  // served from free memory, or not from the brk heap: nothing to advise
    }
    const auto first = (reinterpret_cast<std::uintptr_t>(before) + k_huge_page - 1) & ~(k_huge_page - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(after);
    if (end > first) {
        madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);  // best effort
    }
#else
    (void)input_bytes;
#endif
}

}  // namespace dgl::util
