// Hash maps keyed by views of strings that live elsewhere (a parse, a candidate list, the
// catalog): open addressing, no node per element, which is what 10k-100k-key files need.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>

#include <functional>
#include <string_view>

namespace dgl::util {

/// std::hash (one pass over the bytes) rather than boost::hash's per-byte combine; the map
/// mixes the result itself, as it does for any hash not marked avalanching.
template <typename Value>
using ViewMap = boost::unordered_flat_map<std::string_view, Value, std::hash<std::string_view>>;

}  // namespace dgl::util
