// The built-in catalog, parsed from data/catalog.tsv by the compiler with the same parser as a
// --schema file (parse.hpp): a launch only copies the sorted entries into place and indexes them.
// A malformed or repeated line of data/catalog.tsv fails the build.
#include "dgl/catalog/catalog.hpp"
#include "dgl/catalog/embedded.hpp"
#include "dgl/catalog/parse.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace dgl::catalog {

namespace {

constexpr std::string_view k_origin = "catalog.tsv";

constexpr size_t k_count = [] {
    size_t n = 0;
    detail::for_each_entry(embedded::catalog_tsv, k_origin, [&n](const Entry&) { ++n; });
    return n;
}();

constexpr auto by_name = [](const Entry& a, const Entry& b) { return a.name < b.name; };

constexpr std::array<Entry, k_count> k_entries = [] {
    std::array<Entry, k_count> out{};
    size_t i = 0;
    detail::for_each_entry(embedded::catalog_tsv, k_origin, [&](const Entry& e) { out[i++] = e; });
    std::sort(out.begin(), out.end(), by_name);
    return out;
}();

static_assert(std::adjacent_find(k_entries.begin(), k_entries.end(),
                                 [](const Entry& a, const Entry& b) { return a.name == b.name; }) == k_entries.end(),
              "data/catalog.tsv defines a name twice");

}  // namespace

const Catalog& builtin() {
    static const Catalog c = [] {
        Catalog built;
        built.assign_sorted(k_entries);
        return built;
    }();
    return c;
}

}  // namespace dgl::catalog
