// Tests of util::secure_random (base64url vectors, alphabets, Fernet key shape) and of the text
// `init` writes (cmd::dev_env_text): each key once, python-dotenv parses it without an issue.
#include "dgl/cmd/init_env.hpp"
#include "dgl/env/dotenv.hpp"
#include "dgl/util/secure_random.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

std::vector<unsigned char> bytes(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("util::base64url: RFC 4648 test vectors and the url-safe alphabet", "[random]") {
    CHECK(dgl::util::base64url(bytes("")).empty());
    CHECK(dgl::util::base64url(bytes("f")) == "Zg==");
    CHECK(dgl::util::base64url(bytes("fo")) == "Zm8=");
    CHECK(dgl::util::base64url(bytes("foo")) == "Zm9v");
    CHECK(dgl::util::base64url(bytes("foob")) == "Zm9vYg==");
    CHECK(dgl::util::base64url(bytes("fooba")) == "Zm9vYmE=");
    CHECK(dgl::util::base64url(bytes("foobar")) == "Zm9vYmFy");
    CHECK(dgl::util::base64url({0xfb, 0xff}) == "-_8=");
}

TEST_CASE("util::fernet_key: 44 url-safe characters ending in '=', fresh each time", "[random]") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto key = dgl::util::fernet_key();
        REQUIRE(key.size() == 44);
        CHECK(key.back() == '=');
        CHECK(key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
        seen.insert(key);
    }
    CHECK(seen.size() == 50);
}

TEST_CASE("util::random_token: alphanumeric, every symbol reachable, no obvious bias", "[random]") {
    const auto t = dgl::util::random_token(62 * 400);
    REQUIRE(t.size() == 62 * 400);
    std::map<char, int> counts;
    for (char c : t) {
        counts[c]++;
    }
    CHECK(counts.size() == 62);
    for (const auto& [c, n] : counts) {
        // Expected 400 each; a 6-sigma band (sigma ~ 19.8) fails only if the sampler is broken.
        CHECK(n > 280);
        CHECK(n < 520);
    }
    CHECK(dgl::util::random_hex(64).find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("cmd::dev_env_text: every key once, parsed without issue, no PYTHONPATH", "[init]") {
    for (const auto& provider : dgl::cmd::storage_providers()) {
        CAPTURE(provider);
        const auto text = dgl::cmd::dev_env_text(provider, "posix linux 6.1.0-test");
        const auto parsed = dgl::dotenv::parse_python(text);
        CHECK(parsed.issues.empty());
        std::set<std::string> keys;
        for (const auto& b : parsed.bindings) {
            CAPTURE(b.key);
            CHECK(keys.insert(b.key).second);
            REQUIRE(b.value.has_value());
            // Unquoted and safe unquoted: no quote, '#', '$', backslash or leading/trailing space.
            CHECK(b.value->find_first_of("'\"#$\\`") == std::string::npos);
        }
        CHECK(keys.count("PYTHONPATH") == 0);
        CHECK(keys.count("URL_BASE") == 1);
        CHECK(keys.count("FERNET_KEY") == 1);
    }
    CHECK_THROWS(dgl::cmd::dev_env_text("dropbox", "x"));
}
