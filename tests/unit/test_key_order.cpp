// util::key_order (the radix sort precedence groups candidates by) against std::stable_sort of
// the same keys: the same order, equal keys in their given order, runs of equal keys marked, on
// keys that defeat a 24-byte digit (long shared prefixes, prefixes of each other, NUL and 0xff
// bytes, zero padding), as a command's JSON keys can hold any byte.
#include "dgl/util/key_order.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

void check_against_stable_sort(const std::vector<std::string>& owned) {
    const std::vector<std::string_view> keys(owned.begin(), owned.end());
    std::vector<std::uint32_t> expected(keys.size());
    std::iota(expected.begin(), expected.end(), 0U);
    std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) { return owned[a] < owned[b]; });

    const auto got = dgl::util::key_order(keys);
    REQUIRE(got.order == expected);
    REQUIRE(got.starts_run.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        INFO("position " << i);
        CHECK(got.starts_run[i] == (i == 0 || owned[expected[i]] != owned[expected[i - 1]]));
    }
}

}  // namespace

TEST_CASE("util::key_order: no keys, one key, equal keys", "[key_order]") {
    check_against_stable_sort({});
    check_against_stable_sort({"A"});
    check_against_stable_sort({"B", "A", "B", "A", "B"});
    check_against_stable_sort({"", "", "A", ""});
}

TEST_CASE("util::key_order: keys that tie on whole digits and on parts of them", "[key_order]") {
    using namespace std::string_literals;
    // Around the 8-byte words and the 24-byte digits the sort packs keys into.
    for (const std::size_t n : {7U, 8U, 15U, 16U, 23U, 24U, 25U, 47U, 48U, 49U}) {
        INFO("shared prefix of " << n << " bytes");
        const std::string p(n, 'K');
        check_against_stable_sort({p + "_B", p + "_A", p, p + "_A", p + p + "X", p + p, p + p + "A", p + "\0"s,
                                   p + "\0\0"s, p + "\xff", p.substr(0, n - 1), p + "\0"s + "Z", p});
    }
    check_against_stable_sort({"DIFFGRAM_", "DIFFGRAM", "DIFFGRAM_A", "DIFFGRAM_", "DIFFGRAM_AB", "DIFFGRAM_A"});
}

TEST_CASE("util::key_order: NUL and 0xff bytes against zero padding", "[key_order]") {
    using namespace std::string_literals;
    check_against_stable_sort({"A"s, "A\0"s, "A\0\0"s, "A"s, "A\xff"s, "A\0B"s, ""s, "\0"s});
}

TEST_CASE("util::key_order: 20,000 random keys from a small alphabet", "[key_order]") {
    std::mt19937 rng(20261204);
    const std::string alphabet("AB_\0\xff", 5);
    std::vector<std::string> owned;
    for (int i = 0; i < 20000; ++i) {
        std::string k = i % 3 == 0 ? "DIFFGRAM_" : "";
        const int len = static_cast<int>(rng() % 40);
        for (int j = 0; j < len; ++j) {
            k += alphabet[rng() % alphabet.size()];
        }
        owned.push_back(k);
    }
    check_against_stable_sort(owned);
}
