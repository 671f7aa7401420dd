// The pieces of `lint` alone: statement spans (what --fix replaces), the words of explain() for
// secrets, and propose() on §C.3 rows. The behaviour end to end is in tests/integration/test_lint.py.
#include "dgl/lint/analyse.hpp"
#include "dgl/lint/explain.hpp"
#include "dgl/lint/rewrite.hpp"
#include "dgl/lint/statement.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

namespace {

using dgl::lint::Quote;

dgl::lint::Environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        const auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

}  // namespace

TEST_CASE("locate: key and quoted value and inline comment") {
    const std::string text = "# c\nexport A = 'x y' # note\nB=2\n";
    const auto s = dgl::lint::locate(text, 2, 8);
    REQUIRE(s);
    CHECK(text.substr(s->key_begin, 1) == "A");
    CHECK(s->quote == Quote::single);
    CHECK(s->raw_value == "x y");
    CHECK(s->comment == "# note");
    CHECK(text.substr(s->key_begin, s->end - s->key_begin) == "A = 'x y' # note");
}

TEST_CASE("locate: unquoted value cut as python-dotenv cuts it, Unicode blanks included") {
    const std::string text = "A=b\t#c\nD=a\xC2\xA0#x\nE=v  \n";
    const auto a = dgl::lint::locate(text, 1, 1);
    REQUIRE(a);
    CHECK(a->raw_value == "b");
    CHECK(a->rest_of_line == "b\t#c");
    CHECK(a->comment == "#c");
    const auto d = dgl::lint::locate(text, 2, 1);
    REQUIRE(d);
    CHECK(d->raw_value == "a");
    CHECK(d->comment == "#x");
    const auto e = dgl::lint::locate(text, 3, 1);
    REQUIRE(e);
    CHECK(e->raw_value == "v");
    CHECK(e->comment.empty());
}

TEST_CASE("locate: a multi-line value ends on its last line; CRLF lines count once") {
    const std::string text = "A=\"l1\r\nl2\" # c\r\nB=1\r\n";
    const auto s = dgl::lint::locate(text, 1, 1);
    REQUIRE(s);
    CHECK(text.substr(s->key_begin, s->end - s->key_begin) == "A=\"l1\r\nl2\" # c");
    const auto b = dgl::lint::locate(text, 3, 1);
    REQUIRE(b);
    CHECK(text.substr(b->key_begin, 3) == "B=1");
}

TEST_CASE("explain: for a secret the words quote no text of the value") {
    const std::string text =
        "P=Zq8Kx9$Wm3Lp\nQ='Zq8\\\\Kx9 ${Wm3Lp}'\nR=\"Zq8\\$Kx9\"\nS=${Zq8Kx9-Wm3Lp}\nT=${Zq8:+Kx9}\nU=${HOME:-$Zq8}\n";
    for (int line = 1; line <= 6; ++line) {
        const auto span = dgl::lint::locate(text, line, 1);
        REQUIRE(span);
        const auto reasons = dgl::lint::explain(*span, true, env_of({{"HOME", "/h"}}));
        CHECK_FALSE(reasons.empty());
        for (const auto& r : reasons) {
            for (const char* fragment : {"Zq8", "Kx9", "Wm3", "Lp"}) {
                CHECK(r.what.find(fragment) == std::string::npos);
                CHECK(r.hint.find(fragment) == std::string::npos);
            }
        }
    }
}

TEST_CASE("explain: a plain key's construct is quoted") {
    const auto span = dgl::lint::locate("A=$HOME/x\n", 1, 1);
    REQUIRE(span);
    const auto reasons = dgl::lint::explain(*span, false, {});
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0].what == "compose expands `$HOME`; python-dotenv keeps it literally");
}

TEST_CASE("propose: spellings both dialects read as python-dotenv does") {
    const auto env = env_of({{"HOME", "/home/app"}, {"EMPTY", ""}, {"X", "1"}});
    const std::map<std::string, std::optional<std::string>> rows = {
        {"A=$HOME/x\n", "A='$HOME/x'"},          // row 4
        {"A=pa$$word\n", "A='pa$$word'"},        // row 11
        {"A=b\t#c\n", "A=b #c"},                 // row 1: the comment is kept
        {"A=${NOPE-dflt}\n", "A="},              // row 6: python-dotenv's result, nothing to lose
        {"A='$HOME ${HOME}'\n", std::nullopt},   // row 3: no common spelling
        {"A=${EMPTY:-dflt}\n", std::nullopt},    // row 5: depends on EMPTY being empty
    };
    for (const auto& [text, want] : rows) {
        const auto a = dgl::lint::analyse("row.env", text, env);
        REQUIRE(a.statements.size() == 1);
        const auto p = dgl::lint::propose(a, 0, env);  // statement 0: only the environment
        INFO(text);
        CHECK(p.has_value() == want.has_value());
        if (p && want) {
            CHECK(p->statement == *want);
        }
    }
}
