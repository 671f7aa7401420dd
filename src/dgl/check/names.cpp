// Names: Diffgram reads only its exact capital names, so a lower-case or misspelt key is silently
// ignored; "did you mean" catches it. Also the installer's bogus PYTHONPATH=<file>.json.
#include "dgl/check/checks.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cctype>
#include <utility>
#include <vector>

namespace dgl::check {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped: the
/// result is exact up to `cap` and cap + 1 beyond. It runs for every catalog name NameIndex
/// cannot rule out, so it is cheap: common affixes are dropped first (they never change the
/// distance), three rolling rows, and a row whose minimum passes the cap ends the search.
size_t distance(std::string_view a, std::string_view b, size_t cap) {
    while (!a.empty() && !b.empty() && a.front() == b.front()) {
        a.remove_prefix(1);
        b.remove_prefix(1);
    }
    while (!a.empty() && !b.empty() && a.back() == b.back()) {
        a.remove_suffix(1);
        b.remove_suffix(1);
    }
    const size_t n = a.size();
    const size_t m = b.size();
    const size_t over = cap + 1;
    if ((n > m ? n - m : m - n) > cap) {
        return over;
    }
    if (n == 0 || m == 0) {
        return std::min(std::max(n, m), over);
    }
    constexpr size_t k_stack_width = 64;  // catalog names are shorter: no allocation per pair
    std::array<size_t, 3 * (k_stack_width + 1)> small;  // not zeroed: each row is written before it is read
    std::vector<size_t> large;
    size_t* base = small.data();
    if (m > k_stack_width) {
        large.resize(3 * (m + 1));
        base = large.data();
    }
    size_t* before = base;  // row i - 2
    size_t* prev = before + m + 1;  // row i - 1
    size_t* cur = prev + m + 1;
    for (size_t j = 0; j <= m; ++j) {
        prev[j] = std::min(j, over);
    }
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = std::min(i, over);
        size_t row_min = cur[0];
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                v = std::min(v, before[j - 2] + 1);
            }
            cur[j] = std::min(v, over);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > cap) {  // later rows only grow (a transposition is bounded by this row too)
            return over;
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

/// Which characters a name holds, folded into 64 bits. Each edit adds or removes at most one
/// character class, so popcount(a & ~b) and popcount(b & ~a) are lower bounds of the distance:
/// most comparisons end here, without the dynamic programme.
uint64_t char_set(std::string_view s) {
    uint64_t m = 0;
    for (const unsigned char c : s) {
        m |= uint64_t{1} << (c & 63U);
    }
    return m;
}

/// char_set(s), and whether s holds an ASCII lower-case letter, in one pass over a key.
std::pair<uint64_t, bool> char_set_and_lower(std::string_view s) {
    uint64_t m = 0;
    bool lower = false;
    for (const unsigned char c : s) {
        m |= uint64_t{1} << (c & 63U);
        lower |= static_cast<unsigned char>(c - 'a') < 26U;
    }
    return {m, lower};
}

/// popcount(x), but counting no further than `limit`: the bounds above are only ever compared
/// with a distance of at most 3, and this needs no POPCNT instruction (not in baseline x86-64).
size_t bits_up_to(uint64_t x, size_t limit) {
    size_t n = 0;
    while (x != 0 && n < limit) {
        x &= x - 1;
        ++n;
    }
    return n;
}

/// The catalog's names with their lengths and character sets, built once per check.
struct NameIndex {
    struct Name {
        std::string_view text;
        uint64_t chars;
        size_t order;  ///< position in the catalog's (sorted) order: it breaks ties
    };
    /// The names of one length, and every character any of them holds.
    struct Bucket {
        size_t length;
        size_t begin;
        size_t end;
        uint64_t any_chars;
    };
    std::vector<Name> names;
    std::vector<Bucket> buckets;  ///< by length
    /// window_chars[n]: every character of the names a query of length n may be compared with
    /// (lengths n - cap .. n + cap), so that most keys are ruled out by one test.
    std::vector<uint64_t> window_chars;

    static size_t cap_for(size_t length) { return length < 14 ? 1 : 2; }

    explicit NameIndex(const catalog::Catalog& cat) {
        names.reserve(cat.entries().size());
        for (const auto& [key, e] : cat.entries()) {
            names.push_back({key, char_set(key), names.size()});
        }
        // By length: a query visits only the lengths within its cap.
        std::stable_sort(names.begin(), names.end(),
                         [](const Name& a, const Name& b) { return a.text.size() < b.text.size(); });
        for (size_t i = 0; i < names.size(); ++i) {
            if (buckets.empty() || buckets.back().length != names[i].text.size()) {
                buckets.push_back({names[i].text.size(), i, i, 0});
            }
            buckets.back().end = i + 1;
            buckets.back().any_chars |= names[i].chars;
        }
        const size_t longest = names.empty() ? 0 : names.back().text.size();
        window_chars.assign(longest + 3, 0);  // a query longer than longest + cap meets no name
        for (const auto& b : buckets) {
            for (size_t n = 0; n < window_chars.size(); ++n) {
                const size_t cap = cap_for(n);
                if (b.length + cap >= n && b.length <= n + cap) {
                    window_chars[n] |= b.any_chars;
                }
            }
        }
    }

    /// The catalog key `name` most likely misspells, if any is close enough: one edit for names
    /// up to 13 characters, two for longer ones (so DATABASE_PORT is not taken for DATABASE_HOST).
    [[nodiscard]] std::optional<std::string> nearest(std::string_view name) const { return nearest(name, char_set(name)); }

    /// nearest(name), its char_set already known.
    [[nodiscard]] std::optional<std::string> nearest(std::string_view name, uint64_t chars) const {
        if (name.size() < 5 || name.size() >= window_chars.size()) {
            return std::nullopt;
        }
        const size_t cap = cap_for(name.size());
        if (bits_up_to(chars & ~window_chars[name.size()], cap + 1) > cap) {
            return std::nullopt;  // more characters than `cap` edits can add are in no name it meets
        }
        const Name* best = nullptr;
        size_t best_d = cap + 1;
        // Among equally close names the first in catalog order wins, as a plain scan would give.
        auto cannot_win = [&](size_t bound, const Name& n) {
            return bound > best_d || (bound == best_d && (best == nullptr || n.order > best->order));
        };
        const auto first = std::lower_bound(buckets.begin(), buckets.end(), name.size() - std::min(name.size(), cap),
                                            [](const Bucket& b, size_t len) { return b.length < len; });
        for (auto b = first; b != buckets.end() && b->length <= name.size() + cap; ++b) {
            // Characters of `name` that no name of this length holds: a lower bound for all of
            // them. Keys with digits or unusual words skip whole lengths here.
            if (bits_up_to(chars & ~b->any_chars, cap + 1) > cap) {
                continue;
            }
            for (size_t i = b->begin; i < b->end; ++i) {
                const Name& n = names[i];
                const size_t len_gap = n.text.size() > name.size() ? n.text.size() - name.size() : name.size() - n.text.size();
                if (cannot_win(len_gap, n) || cannot_win(bits_up_to(chars & ~n.chars, cap + 2), n) ||
                    cannot_win(bits_up_to(n.chars & ~chars, cap + 2), n)) {
                    continue;
                }
                const size_t d = distance(name, n.text, cap);
                if (d <= cap && (d < best_d || (d == best_d && n.order < best->order))) {
                    best_d = d;
                    best = &n;
                }
            }
        }
        return best != nullptr ? std::optional<std::string>(best->text) : std::nullopt;
    }
};

}  // namespace

Findings check_names(const Context& ctx) {
    Findings out;
    const NameIndex index(ctx.cat);
    // ctx.known() and ctx.vars are both in key order: walking them together tells the unknown
    // keys without a second catalog lookup per key.
    const auto& known = ctx.known();
    auto next_known = known.begin();
    for (const auto& [key, var] : ctx.vars) {
        if (next_known != known.end() && &next_known->key == &key) {
            ++next_known;
            continue;
        }
        // ASCII a-z: the same set as islower() in the C locale the launcher runs in.
        const auto [chars, has_lower] = char_set_and_lower(key);
        if (has_lower) {
            const std::string up = upper(key);
            auto guess = ctx.cat.find(up) != nullptr ? std::optional<std::string>(up) : index.nearest(up);
            if (guess) {
                out.push_back(make(ctx, "DGL240", Severity::warning, key,
                                   "is not all capitals, and Diffgram reads only " + *guess + "; did you mean " +
                                       *guess + "?",
                                   "rename it to " + *guess + " (names are case-sensitive)"));
            } else if (var.origin.layer != env::Layer::process_env) {
                out.push_back(make(ctx, "DGL241", Severity::notice, key,
                                   "is not all capitals; no Diffgram setting has this name, so Diffgram ignores it",
                                   "Diffgram reads only capital names; rename it or remove it"));
            }
            continue;
        }
        if (auto guess = index.nearest(key, chars)) {
            out.push_back(make(ctx, "DGL242", Severity::warning, key,
                               "is not a Diffgram setting; did you mean " + *guess + "?",
                               "rename it to " + *guess + ", or add it with --schema if your site reads it"));
        }
    }
    if (const auto* py = ctx.get("PYTHONPATH")) {
        for (const auto& part : util::split(py->value, ':')) {
            if (util::to_lower(util::trim(part)).ends_with(".json")) {
                out.push_back(make(ctx, "DGL243", Severity::warning, "PYTHONPATH",
                                   "names a .json file, which is not a module directory (an installer bug)",
                                   "remove PYTHONPATH from the .env: the services set their own (compose /app/, "
                                   "Helm /app:/app/shared:/)"));
                break;
            }
        }
    }
    return out;
}

}  // namespace dgl::check
