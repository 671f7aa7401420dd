// An MSD radix sort with 24-byte digits: each round packs the next 24 bytes of every key still
// tied into three integers and sorts by them, so a key is read once per round (one round for
// nearly all .env keys: "DIFFGRAM_EXPORT_000932_E" already differs) instead of at each of the ~17
// comparisons a pointer sort makes per key.
#include "dgl/util/key_order.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace dgl::util {

namespace {

constexpr std::size_t k_digit = 24;

__extension__ using U128 = unsigned __int128;  // GCC and clang on 64-bit targets

struct Entry {
    std::uint64_t w0 = 0;  ///< bytes [depth, depth+8) of the key, big-endian, zero past its end
    std::uint64_t w1 = 0;  ///< bytes [depth+8, depth+16)
    std::uint64_t w2 = 0;  ///< bytes [depth+16, depth+24)
    /// `left` << 32 | position in `keys`. `left`: how many bytes of the key are left from depth,
    /// k_digit + 1 for "more than this digit". Among equal packed bytes it orders a key before the
    /// longer keys it is a prefix of (zero padding cannot tell "A" from "A\0"), and it tells which
    /// ties the next round must break; the position keeps equal keys in their given order.
    std::uint64_t tie = 0;

    [[nodiscard]] std::uint32_t pos() const { return static_cast<std::uint32_t>(tie); }
    [[nodiscard]] std::size_t left() const { return static_cast<std::size_t>(tie >> 32); }
    [[nodiscard]] U128 head() const { return (static_cast<U128>(w0) << 64) | w1; }
    [[nodiscard]] U128 tail() const { return (static_cast<U128>(w2) << 64) | tie; }

    friend bool operator<(const Entry& a, const Entry& b) {
        // Two 128-bit comparisons: few branches for the sort to mispredict.
        const auto ha = a.head();
        const auto hb = b.head();
        return ha < hb || (ha == hb && a.tail() < b.tail());
    }
    [[nodiscard]] bool same_digit(const Entry& o) const {
        return w0 == o.w0 && w1 == o.w1 && w2 == o.w2 && left() == o.left();
    }
};

std::uint64_t pack(std::string_view key, std::size_t from) {
    if (from + 8 <= key.size()) {  // whole: one load (the byte loop is a third of the sort)
        std::uint64_t v = 0;
        std::memcpy(&v, key.data() + from, 8);
        return std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        const std::size_t at = from + i;
        v = (v << 8) | (at < key.size() ? static_cast<unsigned char>(key[at]) : 0U);
    }
    return v;
}

void load(Entry& e, std::string_view key, std::size_t depth) {
    e.w0 = pack(key, depth);
    e.w1 = pack(key, depth + 8);
    e.w2 = pack(key, depth + 16);
    e.tie = (static_cast<std::uint64_t>(std::min(key.size() - depth, k_digit + 1)) << 32) | e.pos();
}

/// Sorts entries [first, last), whose keys agree on their first `depth` bytes, and marks where
/// each run of equal keys starts.
void sort_round(std::span<const std::string_view> keys, std::vector<Entry>& entries, std::size_t first,
                std::size_t last, std::size_t depth, std::vector<bool>& starts_run) {
    std::sort(entries.begin() + static_cast<std::ptrdiff_t>(first), entries.begin() + static_cast<std::ptrdiff_t>(last));
    for (std::size_t run = first; run < last;) {
        std::size_t end = run + 1;
        while (end < last && entries[end].same_digit(entries[run])) {
            ++end;
        }
        starts_run[run] = true;
        if (end - run > 1 && entries[run].left() > k_digit) {  // tied so far, and longer: next digit
            for (std::size_t i = run; i < end; ++i) {
                load(entries[i], keys[entries[i].pos()], depth + k_digit);
            }
            sort_round(keys, entries, run, end, depth + k_digit, starts_run);
        }
        run = end;
    }
}

}  // namespace

KeyOrder key_order(std::span<const std::string_view> keys) {
    std::vector<Entry> entries(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        entries[i].tie = i;
        load(entries[i], keys[i], 0);
    }
    KeyOrder out;
    out.starts_run.assign(keys.size(), false);
    sort_round(keys, entries, 0, entries.size(), 0, out.starts_run);
    out.order.reserve(entries.size());
    for (const auto& e : entries) {
        out.order.push_back(e.pos());
    }
    return out;
}

}  // namespace dgl::util
