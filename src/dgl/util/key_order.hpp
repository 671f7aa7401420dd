// Sorting many keys by byte order without reading them at every comparison: a 100k-key .env's
// keys lie in file order all over the heap, and a comparison sort that follows pointers to them
// misses the cache on nearly every step.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dgl::util {

/// The positions of `keys` in sorted order (byte order, as std::string's `<`), equal keys in their
/// given order, with the runs of equal keys marked.
struct KeyOrder {
    std::vector<std::uint32_t> order;  ///< order[i]: position in `keys` of the i-th smallest
    std::vector<bool> starts_run;      ///< starts_run[i]: keys[order[i]] differs from the one before
};

KeyOrder key_order(std::span<const std::string_view> keys);

}  // namespace dgl::util
