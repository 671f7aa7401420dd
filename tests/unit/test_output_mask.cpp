// Tests of --mask-output's streaming filter: every secret replaced whatever the read boundaries,
// the longest secret wins, and at most longest-1 bytes are ever held back.
#include "dgl/process/output_mask.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using dgl::process::OutputMask;

namespace {

/// Feeds `text` in pieces cut at `cuts` (ascending offsets) and returns everything emitted.
std::string feed_in_pieces(OutputMask& m, const std::string& text, const std::vector<size_t>& cuts) {
    std::string out;
    size_t at = 0;
    for (size_t c : cuts) {
        out += m.feed(std::string_view(text).substr(at, c - at));
        at = c;
    }
    out += m.feed(std::string_view(text).substr(at));
    out += m.flush();
    return out;
}

}  // namespace

TEST_CASE("a secret is masked at every single split point", "[mask]") {
    const std::string secret = "hunter2-secret";
    const std::string text = "a " + secret + " b " + secret + secret + "\n";
    const std::string want = "a <redacted> b <redacted><redacted>\n";
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        OutputMask m({secret});
        CAPTURE(cut);
        CHECK(feed_in_pieces(m, text, {cut}) == want);
    }
}

TEST_CASE("a secret fed one byte at a time", "[mask]") {
    const std::string text = "x=topsecretvalue;";
    OutputMask m({"topsecretvalue"});
    std::string out;
    for (char c : text) {
        out += m.feed(std::string_view(&c, 1));
        CHECK(m.pending() < std::string("topsecretvalue").size());
    }
    out += m.flush();
    CHECK(out == "x=<redacted>;");
}

TEST_CASE("the longest of overlapping secrets wins, even when it arrives later", "[mask]") {
    OutputMask m({"abc", "abcdef"});
    std::string out = m.feed("1 abc");
    CHECK(out == "1 ");  // "abc" might still become "abcdef": held back
    out += m.feed("def 2 abc 3");
    out += m.flush();
    CHECK(out == "1 <redacted> 2 <redacted> 3");
}

TEST_CASE("overlapping secrets are masked as one region: no tail of either is shown", "[mask]") {
    // B begins inside A's tail: masking A alone would print the last 10 bytes of B.
    const std::string text = "x 12345678abcdefghij y 12345678 z";
    const std::string want = "x <redacted> y <redacted> z";
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        OutputMask m({"12345678", "5678abcdefghij"});
        CAPTURE(cut);
        CHECK(feed_in_pieces(m, text, {cut}) == want);
    }
    OutputMask m({"abcabc"});  // a secret that overlaps itself
    CHECK(feed_in_pieces(m, "abcabcabc!", {4}) == "<redacted>!");
}

TEST_CASE("a held-back prefix that never completes is written unchanged", "[mask]") {
    OutputMask m({"password123"});
    CHECK(m.feed("value: passw") == "value: ");
    CHECK(m.feed("ord12") == "");
    CHECK(m.feed("4 end") == "password124 end");
    CHECK(m.flush().empty());
    OutputMask n({"password123"});
    CHECK(n.feed("tail passwo") == "tail ");
    CHECK(n.flush() == "passwo");
}

TEST_CASE("random texts and cuts agree with a whole-buffer replacement", "[mask]") {
    std::mt19937 rng(12345);
    const std::vector<std::string> secrets{"k3y", "k3yk3y!", "zz9zz", "q"};
    const std::string alphabet = "k3y!z9q ab";
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const size_t len = rng() % 60;
        for (size_t i = 0; i < len; ++i) {
            text += alphabet[rng() % alphabet.size()];
        }
        // Reference, over the whole text: every occurrence of every secret, merged where they
        // overlap (not where they only touch); each merged region becomes one mask.
        std::vector<std::pair<size_t, size_t>> hits;
        for (size_t i = 0; i < text.size(); ++i) {
            for (const auto& s : secrets) {
                if (text.compare(i, s.size(), s) == 0) {
                    hits.emplace_back(i, i + s.size());
                }
            }
        }
        std::sort(hits.begin(), hits.end());
        std::string want;
        size_t at = 0;
        for (size_t h = 0; h < hits.size();) {
            size_t end = hits[h].second;
            const size_t begin = hits[h].first;
            for (++h; h < hits.size() && hits[h].first < end; ++h) {
                end = std::max(end, hits[h].second);
            }
            want += text.substr(at, begin - at) + "<redacted>";
            at = end;
        }
        want += text.substr(at);
        std::vector<size_t> cuts;
        for (size_t i = 1; i < text.size(); ++i) {
            if (rng() % 4 == 0) {
                cuts.push_back(i);
            }
        }
        OutputMask m(secrets);
        CAPTURE(text);
        CHECK(feed_in_pieces(m, text, cuts) == want);
    }
}

TEST_CASE("secret_values: secrets, URL passwords raw and decoded; flags and plain values left out", "[mask]") {
    dgl::env::EnvMap vars;
    auto put = [&](const std::string& k, const std::string& v) { vars[k] = {v, {}, {}}; };
    put("API_TOKEN", "tok-123456");
    put("DATABASE_URL", "postgresql://u:p%40ss@db/x");
    put("MIRROR", "admin:hunter2@mirror/x");  // a URL whose scheme was forgotten
    put("CONTACT", "me@example.com");
    put("GREETING", "hello");
    put("SECRET_FLAG", "true");
    put("EMPTY_SECRET", "");
    const auto got = dgl::process::secret_values(vars);
    const std::vector<std::string> want{"admin:hunter2@mirror/x", "hunter2", "p%40ss", "p@ss",
                                        "postgresql://u:p%40ss@db/x", "tok-123456"};
    CHECK(got == want);
}
