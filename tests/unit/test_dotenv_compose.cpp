// Proves the compose dialect (parse_compose + interpolate_compose) against compose-go's own test data:
// every row of tests/data/corpus/compose-go-{dotenv,interpolation,fixture}-cases.tsv, read from disk,
// plus one test per row of dotenv-dialects.md §C.3 (compose column) and the source findings behind them.
#include "corpus.hpp"
#include "dgl/env/dotenv.hpp"
#include "dgl/env/template.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using dgl::dotenv::Binding;
using dgl::dotenv::interpolate_compose;
using dgl::dotenv::interpolate_compose_detailed;
using dgl::dotenv::parse_compose;
using dgl::dotenv::ParseResult;
using dgl::dotenv::TemplateError;
using dgl::test::json;
using dgl::test::read_corpus;
using dgl::test::Row;
using dgl::test::str;

using StrMap = std::map<std::string, std::string>;
using Environment = std::function<std::optional<std::string>(std::string_view)>;

Environment environment_of(const StrMap& vars) {
    return [vars](std::string_view name) -> std::optional<std::string> {
        const auto it = vars.find(std::string(name));
        if (it == vars.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

// compose-go's noLookupFn (Parse, Read, Load): nothing is inherited from outside.
const Environment no_lookup{};

StrMap json_map(const boost::json::value& v) {
    StrMap out;
    if (v.is_null()) {
        return out;
    }
    for (const auto& kv : v.as_object()) {
        out[std::string(kv.key())] = str(kv.value());
    }
    return out;
}

/// compose-go returns a map: the last assignment of a key wins.
StrMap to_map(const ParseResult& r) {
    StrMap out;
    for (const Binding& b : r.bindings) {
        out[b.key] = b.value.value_or("<nullopt>");
    }
    return out;
}

std::string read_fixture(const std::string& name) {
    const std::string path = std::string(DGL_TEST_DATA) + "/corpus/compose-go-fixtures/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every Issue/TemplateError kind the compose dialect may produce. A closed set is how the tests
/// prove that no input text (keys, values, `?msg` texts: all possibly secret) leaks into a kind.
const std::set<std::string> fixed_kinds = {
    "unexpected character in variable name", "key cannot contain a space", "zero length string",
    "unterminated quoted value",             "invalid template",           "required variable is missing a value",
    "template nesting too deep",
};

void check_rejected(const ParseResult& r) {
    CHECK(r.fatal);
    CHECK(r.bindings.empty());
    REQUIRE(r.issues.size() == 1);
    CHECK(fixed_kinds.count(r.issues[0].kind) == 1);
    CHECK(r.issues[0].line >= 1);
    CHECK(r.issues[0].col >= 1);
}

void check_accepted(const ParseResult& r) {
    CHECK_FALSE(r.fatal);
    CHECK(r.issues.empty());
    for (const Binding& b : r.bindings) {
        CHECK(b.value.has_value());
        CHECK_FALSE(b.interpolate);  // compose values come back already interpolated
    }
}

/// compose-go error messages embed input text in Go %q quotes, e.g.
/// `line 1: unexpected character "%" in variable name "%!(EXTRA string)=foo"`. Our Issue keeps the
/// line apart and never holds input text, so the corpus message is compared with its `line N: `
/// prefix split off and its quoted parts dropped.
struct GoMessage {
    int line = 0;  // 0 = the message has no line prefix
    std::string phrase;
};

GoMessage redact_go_message(const std::string& msg) {
    GoMessage out;
    std::size_t i = 0;
    if (msg.rfind("line ", 0) == 0) {
        std::size_t j = 5;
        while (j < msg.size() && std::isdigit(static_cast<unsigned char>(msg[j])) != 0) {
            ++j;
        }
        if (j > 5 && msg.compare(j, 2, ": ") == 0) {
            out.line = std::stoi(msg.substr(5, j - 5));
            i = j + 2;
        }
    }
    std::string kept;
    for (; i < msg.size(); ++i) {
        if (msg[i] == '"') {
            for (++i; i < msg.size() && msg[i] != '"'; ++i) {
                if (msg[i] == '\\') {
                    ++i;
                }
            }
            continue;
        }
        if (msg[i] == ' ' && !kept.empty() && kept.back() == ' ') {
            continue;
        }
        kept += msg[i];
    }
    while (!kept.empty() && kept.back() == ' ') {
        kept.pop_back();
    }
    out.phrase = kept;
    return out;
}

/// Rebuilds compose-go's error text from our error detail (template.go MissingRequiredError and
/// InvalidTemplateError formats), for comparing with the corpus. Test-only: the product never prints
/// `variable` or `reason`.
std::string compose_error_text(const TemplateError& e, const std::string& tpl) {
    if (e.kind == "required variable is missing a value") {
        return "required variable " + e.variable + " is missing a value" + (e.reason.empty() ? "" : ": " + e.reason);
    }
    if (e.kind == "invalid template") {
        return "Invalid template: \"" + tpl + "\"";
    }
    return e.kind;
}

/// godotenv.go startsWithDigitRegex `^\s*\d.*` (Go's \s is [\t\n\f\r ], \d is [0-9]).
bool starts_with_digit(const std::string& key) {
    std::size_t i = 0;
    while (i < key.size() && (key[i] == ' ' || key[i] == '\t' || key[i] == '\n' || key[i] == '\f' || key[i] == '\r')) {
        ++i;
    }
    return i < key.size() && key[i] >= '0' && key[i] <= '9';
}

std::string value_of(const ParseResult& r, const std::string& key) {
    const StrMap m = to_map(r);
    const auto it = m.find(key);
    return it == m.end() ? "<absent>" : it->second;
}

// The environment of dotenv-dialects.md §C.3.
const StrMap c3_env = {{"HOME", "/home/app"}, {"EMPTY", ""}, {"X", "1"}, {"B", "from-env"}};

ParseResult compose(const std::string& text, const StrMap& env = c3_env) {
    return parse_compose(text, environment_of(env));
}

// ---------------------------------------------------------------------------------------------
// compose-go-dotenv-cases.tsv: dotenv/godotenv_test.go + dotenv/parser_test.go, through Parse /
// ParseWithLookup, which is exactly parse_compose.

void run_dotenv_row(const Row& row) {
    const std::string text = str(json(row.at("input_json")));
    const auto lookup_json = json(row.at("lookup_env_json"));
    const Environment env = lookup_json.is_null() ? no_lookup : environment_of(json_map(lookup_json));
    const auto expected = json(row.at("expected_json")).as_object();
    const ParseResult r = parse_compose(text, env);

    if (const auto* contains = expected.if_contains("contains")) {
        check_accepted(r);
        const StrMap got = to_map(r);
        for (const auto& [key, value] : json_map(*contains)) {
            INFO("key " << key);
            REQUIRE(got.count(key) == 1);
            CHECK(got.at(key) == value);
        }
    } else if (const auto* equals = expected.if_contains("equals")) {
        check_accepted(r);
        CHECK(to_map(r) == json_map(*equals));
    } else if (expected.contains("error")) {
        check_rejected(r);
    } else if (const auto* contains_msg = expected.if_contains("error_contains")) {
        check_rejected(r);
        const GoMessage want = redact_go_message(str(*contains_msg));
        if (want.line != 0) {
            CHECK(r.issues.at(0).line == want.line);
        }
        CHECK(r.issues.at(0).kind.find(want.phrase) != std::string::npos);
    } else if (const auto* equals_msg = expected.if_contains("error_equals")) {
        check_rejected(r);
        const GoMessage want = redact_go_message(str(*equals_msg));
        CHECK(r.issues.at(0).line == want.line);
        CHECK(r.issues.at(0).kind == want.phrase);
    } else {
        FAIL("unknown expectation in " << row.at("case_id"));
    }
}

// ---------------------------------------------------------------------------------------------
// compose-go-fixture-cases.tsv: the fixtures through godotenv.go / env.go entry points, each modelled
// thinly over parse_compose.

struct ApiResult {
    bool error = false;
    ParseResult failed;  // the failing parse when error
    StrMap vars;
};

ApiResult run_api(const std::string& api, const std::vector<std::string>& texts, const StrMap& os_env) {
    ApiResult out;
    const auto parse_each = [&](const Environment& env, bool drop_digit_keys) {
        for (const std::string& text : texts) {
            ParseResult r = parse_compose(text, env);
            if (r.fatal) {
                out.error = true;
                out.failed = std::move(r);
                return;
            }
            for (const auto& [key, value] : to_map(r)) {
                if (!drop_digit_keys || !starts_with_digit(key)) {
                    out.vars[key] = value;
                }
            }
        }
    };
    if (api == "Read") {
        // Read = ReadWithLookup(nil): no lookup, digit-leading keys dropped, later file wins.
        parse_each(no_lookup, true);
    } else if (api == "ReadWithLookup(os.LookupEnv)") {
        parse_each(environment_of(os_env), true);
    } else if (api == "Load") {
        // loadFile: ReadFile(filename, nil) (no lookup, digit keys kept), then os.Setenv only for
        // keys the process environment does not already hold, even as "".
        out.vars = os_env;
        for (const std::string& text : texts) {
            ParseResult r = parse_compose(text, no_lookup);
            if (r.fatal) {
                out.error = true;
                out.failed = std::move(r);
                return out;
            }
            const StrMap before = out.vars;
            for (const auto& [key, value] : to_map(r)) {
                if (before.count(key) == 0) {
                    out.vars[key] = value;
                }
            }
        }
    } else if (api.rfind("GetEnvFromFile(", 0) == 0) {
        // env.go GetEnvFromFile after compose-go#793: ${X} resolves from currentEnv first, then
        // from "the env being processed" = earlier files + earlier lines of this file (this file
        // winning). parse_compose has no parameter for a seed map, so the model parses each file on
        // its own to catch errors, then the files joined by "\n" for the values: that gives exactly
        // "earlier files, overwritten by earlier lines of this file" as the second lookup source.
        const StrMap current = api == "GetEnvFromFile(currentEnv=os_env)" ? os_env : StrMap{};
        std::string joined;
        for (const std::string& text : texts) {
            ParseResult r = parse_compose(text, environment_of(current));
            if (r.fatal) {
                out.error = true;
                out.failed = std::move(r);
                return out;
            }
            joined += text + "\n";
        }
        const ParseResult r = parse_compose(joined, environment_of(current));
        check_accepted(r);
        out.vars = to_map(r);
    } else {
        FAIL("api not modelled: " << api);
    }
    return out;
}

void run_fixture_row(const Row& row) {
    std::vector<std::string> texts;
    const boost::json::value files = json(row.at("files_json"));
    for (const auto& f : files.as_array()) {
        if (f.is_string()) {
            texts.push_back(read_fixture(str(f)));
        } else {
            texts.push_back(str(f.as_object().at("inline")));
        }
    }
    const StrMap os_env = json_map(json(row.at("os_env_json")));
    const auto expected = json(row.at("expected_json")).as_object();
    const ApiResult got = run_api(row.at("api"), texts, os_env);

    if (const auto* msg = expected.if_contains("error_contains")) {
        REQUIRE(got.error);
        check_rejected(got.failed);
        const GoMessage want = redact_go_message(str(*msg));
        CHECK(got.failed.issues.at(0).line == want.line);
        CHECK(got.failed.issues.at(0).kind.find(want.phrase) != std::string::npos);
        return;
    }
    REQUIRE_FALSE(got.error);
    if (const auto* equals = expected.if_contains("equals")) {
        CHECK(got.vars == json_map(*equals));
    }
    if (const auto* contains = expected.if_contains("contains")) {
        for (const auto& [key, value] : json_map(*contains)) {
            INFO("key " << key);
            REQUIRE(got.vars.count(key) == 1);
            CHECK(got.vars.at(key) == value);
        }
    }
    if (const auto* absent = expected.if_contains("absent")) {
        for (const auto& key : absent->as_array()) {
            CHECK(got.vars.count(str(key)) == 0);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// compose-go-interpolation-cases.tsv: template/template_test.go through template.Substitute, and
// dotenv/godotenv_var_expansion_test.go through expandVariables(input, envMap, notFoundLookup),
// which is Substitute over envMap that hands back the INPUT unchanged on error.

void run_interpolation_row(const Row& row) {
    const std::string tpl = str(json(row.at("template_json")));
    const StrMap mapping = json_map(json(row.at("mapping_json")));
    const auto expected = json(row.at("expected_json")).as_object();
    const bool var_expansion = row.at("test").rfind("var_expansion/", 0) == 0;

    TemplateError error;
    const auto got = interpolate_compose_detailed(tpl, environment_of(mapping), error);

    if (const auto* result = expected.if_contains("result")) {
        REQUIRE(got.has_value());
        CHECK(*got == str(*result));
        return;
    }
    REQUIRE_FALSE(got.has_value());
    CHECK(fixed_kinds.count(error.kind) == 1);
    if (const auto* msg = expected.if_contains("error_contains")) {
        CHECK(compose_error_text(error, tpl).find(str(*msg)) != std::string::npos);
    }
    if (const auto* on_error = expected.if_contains("result_on_error")) {
        CHECK(str(expected.at("error")) == "MissingRequiredError");
        CHECK(error.kind == "required variable is missing a value");
        CHECK(error.variable == str(expected.at("variable")));
        CHECK(error.reason == str(expected.at("reason")));
        const std::string returned = var_expansion ? tpl : error.partial;
        CHECK(returned == str(*on_error));
    }
}

}  // namespace

// =============================================================================================
// The three corpora, every row. None is skipped: Read/Load/GetEnvFromFile are modelled above.

TEST_CASE("compose corpus: dotenv parser rows (compose-go-dotenv-cases.tsv)", "[dotenv][compose][corpus]") {
    const auto rows = read_corpus("compose-go-dotenv-cases.tsv");
    REQUIRE(rows.size() == 78);
    for (const Row& row : rows) {
        INFO(row.at("case_id") << " " << row.at("test") << ":" << row.at("src_line") << " input " << row.at("input_json"));
        run_dotenv_row(row);
    }
}

TEST_CASE("compose corpus: interpolation rows (compose-go-interpolation-cases.tsv)", "[dotenv][compose][corpus]") {
    const auto rows = read_corpus("compose-go-interpolation-cases.tsv");
    REQUIRE(rows.size() == 81);
    for (const Row& row : rows) {
        INFO(row.at("case_id") << " " << row.at("test") << ":" << row.at("src_line") << " template "
                               << row.at("template_json"));
        run_interpolation_row(row);
    }
}

TEST_CASE("compose corpus: fixture rows (compose-go-fixture-cases.tsv)", "[dotenv][compose][corpus]") {
    const auto rows = read_corpus("compose-go-fixture-cases.tsv");
    REQUIRE(rows.size() == 20);
    for (const Row& row : rows) {
        INFO(row.at("case_id") << " " << row.at("test") << " api " << row.at("api"));
        run_fixture_row(row);
    }
}

TEST_CASE("compose fixture utf8-bom.env: the BOM is stripped and reported", "[dotenv][compose]") {
    const ParseResult r = parse_compose(read_fixture("utf8-bom.env"), no_lookup);
    check_accepted(r);
    CHECK(r.bom_stripped);
    CHECK(value_of(r, "OPTION_A") == "1");
    CHECK(value_of(r, "456") == "ABC");  // Parse keeps digit-leading keys; only Read drops them
}

// =============================================================================================
// dotenv-dialects.md §C.3, compose column. Env: HOME=/home/app EMPTY= X=1 B=from-env.

TEST_CASE("C.3 #1: a tab before # does not start a comment", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=b\t#c"), "A") == "b\t#c");
}

TEST_CASE("C.3 #2: single quotes keep every backslash except before a quote", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A='a\\\\b'"), "A") == "a\\\\b");
}

TEST_CASE("C.3 #3: no interpolation in single quotes", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A='$HOME ${HOME}'"), "A") == "$HOME ${HOME}");
}

TEST_CASE("C.3 #4: $NAME without braces is expanded", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=$HOME/x"), "A") == "/home/app/x");
}

TEST_CASE("C.3 #5: ${A:-d} also applies to a set-but-empty variable", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=${EMPTY:-dflt}"), "A") == "dflt");
}

TEST_CASE("C.3 #6: ${A-d} applies to an unset variable", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=${NOPE-dflt}"), "A") == "dflt");
    CHECK(value_of(compose("A=${EMPTY-dflt}"), "A").empty());
}

TEST_CASE("C.3 #7: ${A:+alt}", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=${X:+alt}"), "A") == "alt");
}

TEST_CASE("C.3 #8: ${A:?msg} on an unset variable rejects the whole file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("OK=1\nA=${NOPE:?must be set}\nC=3");
    check_rejected(r);
    CHECK(r.issues[0].kind == "required variable is missing a value");
    CHECK(r.issues[0].line == 2);
    CHECK(r.issues[0].col == 3);  // the `$`
    CHECK(r.issues[0].kind.find("must be set") == std::string::npos);
    CHECK(r.issues[0].kind.find("NOPE") == std::string::npos);
}

TEST_CASE("C.3 #9: nested defaults", "[dotenv][compose][c3]") {
    // The table's compose column says `c`, which needs B unset; with the table's env (B=from-env)
    // compose answers `from-env`, because the lookup function is consulted before the default.
    StrMap env = c3_env;
    env.erase("B");
    CHECK(value_of(compose("C=c\nA=${B:-${C}}", env), "A") == "c");
    CHECK(value_of(compose("C=c\nA=${B:-${C}}"), "A") == "from-env");
}

TEST_CASE("C.3 #10: ${B.C} is an invalid template and rejects the file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("A=${B.C}");
    check_rejected(r);
    CHECK(r.issues[0].kind == "invalid template");
}

TEST_CASE("C.3 #11: $$ is a literal $", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=pa$$word"), "A") == "pa$word");
}

TEST_CASE("C.3 #12: \\$ in double quotes is a literal $", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=\"cost \\$5\""), "A") == "cost $5");
}

TEST_CASE("C.3 #13: \\' is not an escape in double quotes", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=\"it\\'s\""), "A") == "it\\'s");
}

TEST_CASE("C.3 #14: \\0NNN octal escapes in double quotes", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=\"\\0101\""), "A") == "A");
}

TEST_CASE("C.3 #15: no escapes in unquoted values, but $B is expanded", "[dotenv][compose][c3]") {
    // The row assumes B=b (the table's env has B=from-env, which would give `\from-env`).
    CHECK(value_of(compose("A=\\$B", {{"B", "b"}}), "A") == "\\b");
    CHECK(value_of(compose("A=\\$B"), "A") == "\\from-env");
}

TEST_CASE("C.3 #16: YAML-style KEY: value", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A: 1"), "A") == "1");
}

TEST_CASE("C.3 #17: a quoted key rejects the file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("'A'=1");
    check_rejected(r);
    CHECK(r.issues[0].kind == "unexpected character in variable name");
    CHECK(r.issues[0].col == 1);
}

TEST_CASE("C.3 #18: ;A rejects the file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("B=2\n;A=1");
    check_rejected(r);
    CHECK(r.issues[0].kind == "unexpected character in variable name");
    CHECK(r.issues[0].line == 2);
}

TEST_CASE("C.3 #19: a space inside a key rejects the whole file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("A B=1\nB2=after");
    check_rejected(r);
    CHECK(r.issues[0].kind == "key cannot contain a space");
    CHECK(r.issues[0].line == 1);
    CHECK(r.issues[0].col == 2);
}

TEST_CASE("C.3 #20: text after a closing quote is a new statement", "[dotenv][compose][c3]") {
    // parser.go extractVarValue returns src[i+1:] and parse() starts the next statement there.
    CHECK(to_map(compose("A=\"x\" y\n")) == StrMap{{"A", "x"}});
    CHECK(to_map(compose("A=\"x\" y\n", {{"y", "inherited"}})) == StrMap{{"A", "x"}, {"y", "inherited"}});
    // At the end of the text there is no newline to make `y` a bare key: it becomes {"": "y"}.
    CHECK(to_map(compose("A=\"x\" y")) == StrMap{{"A", "x"}, {"", "y"}});
}

TEST_CASE("C.3 #21: an unterminated quote rejects the whole file", "[dotenv][compose][c3]") {
    const ParseResult r = compose("OK=1\nA=\"oops\nB=2\nC=3\n");
    check_rejected(r);
    CHECK(r.issues[0].kind == "unterminated quoted value");
    // compose-go says "line 5" (its counter runs to the end of the file); we name the opening quote.
    CHECK(r.issues[0].line == 2);
    CHECK(r.issues[0].col == 3);
}

TEST_CASE("C.3 #22: a bare KEY inherits from the lookup env; at EOF it becomes {\"\": KEY}", "[dotenv][compose][c3]") {
    CHECK(to_map(compose("X\n")) == StrMap{{"X", "1"}});
    CHECK(to_map(compose("NOPE\n")).empty());
    CHECK(to_map(compose("X")) == StrMap{{"", "X"}});
    // Inheritance consults only the lookup function, not earlier lines of the file.
    CHECK(to_map(compose("K=v\nK\n", {})) == StrMap{{"K", "v"}});
}

TEST_CASE("C.3 #23: the lookup env wins for ${B} but not for the key's own value", "[dotenv][compose][c3]") {
    const ParseResult r = compose("B=from-file\nA=${B}");
    CHECK(value_of(r, "A") == "from-env");
    CHECK(value_of(r, "B") == "from-file");
}

TEST_CASE("C.3 #24: a UTF-8 BOM is stripped", "[dotenv][compose][c3]") {
    const ParseResult r = compose("\xEF\xBB\xBF" "A=1");
    CHECK(r.bom_stripped);
    CHECK(to_map(r) == StrMap{{"A", "1"}});
}

TEST_CASE("C.3 #25: backticks are not quotes", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=`tick`"), "A") == "`tick`");
}

TEST_CASE("C.3 agreements with python-dotenv hold for compose", "[dotenv][compose][c3]") {
    CHECK(value_of(compose("A=b #c"), "A") == "b");
    CHECK(value_of(compose("A=b#c"), "A") == "b#c");
    CHECK(value_of(compose("A=\"a\nb\"\nC='c\nd'"), "A") == "a\nb");
    CHECK(value_of(compose("A=\"a\nb\"\nC='c\nd'"), "C") == "c\nd");
    CHECK(value_of(compose("export A=1"), "A") == "1");
    CHECK(value_of(compose("A='Let\\'s go'"), "A") == "Let's go");
    CHECK(to_map(compose("a.b-c=1")) == StrMap{{"a.b-c", "1"}});
    CHECK(to_map(compose("1A=x")) == StrMap{{"1A", "x"}});
    CHECK(to_map(compose("A=1\r\nB=\"2\"\r\n")) == StrMap{{"A", "1"}, {"B", "2"}});
    CHECK(value_of(compose("A=1\nA=2"), "A") == "2");
    CHECK(value_of(compose("A=a\\tb"), "A") == "a\\tb");
    CHECK(value_of(compose("A=${HOME}"), "A") == "/home/app");
    CHECK(value_of(compose("A=${NOPE:-d}"), "A") == "d");
    CHECK(value_of(compose("A=${NOPE}"), "A").empty());
}

// =============================================================================================
// Findings from compose-go's source, one test each.

TEST_CASE("finding: defaults, alternates and ?-messages are interpolated lazily", "[dotenv][compose][template]") {
    // template.go after compose-go#847 (docker/compose#12637): the argument is substituted only
    // when it is used, so an error inside an unused default does not fire.
    CHECK(value_of(compose("A=${X:-${NOPE:?boom}}"), "A") == "1");
    CHECK(compose("A=${NOPE:-${NOPE2:?boom}}").fatal);
    CHECK(value_of(compose("A=${NOPE:+${ bad}}"), "A").empty());
    CHECK(value_of(compose("A=${X?${ bad}}"), "A") == "1");
}

TEST_CASE("finding: a ?-message may embed secrets and never reaches the Issue", "[dotenv][compose][template]") {
    const ParseResult r = compose("PASSWORD=${SECRET:?hunter2 ${TOKEN}}", {{"TOKEN", "tok-123"}});
    check_rejected(r);
    for (const char* leak : {"hunter2", "tok-123", "SECRET", "PASSWORD"}) {
        CHECK(r.issues[0].kind.find(leak) == std::string::npos);
    }
    // The detail stays reachable through the template API, for tests only.
    TemplateError e;
    CHECK_FALSE(interpolate_compose_detailed("${SECRET:?hunter2 ${TOKEN}}",
                                             environment_of({{"TOKEN", "tok-123"}}), e));
    CHECK(e.variable == "SECRET");
    CHECK(e.reason == "hunter2 tok-123");
}

TEST_CASE("finding: the greedy ${...} match and getFirstBraceClosingIndex", "[dotenv][compose][template]") {
    const auto lookup = environment_of({{"X", "1"}});
    // `${A:-x} mid ${B}` is ONE regex match (the `.*` runs to the last '}' of the line); it is split at
    // the first balanced '}' and the rest is substituted, so ordinary text reads as expected...
    CHECK(interpolate_compose("${N:-a}-${X}-${N:-b}-$X", lookup) == "a-1-b-1");
    CHECK(interpolate_compose("${N:-a}\n${N:-b}", lookup) == "a\nb");  // `.` stops at '\n'
    // ...but braces are counted on the whole match, and '{' skips the character after it: an
    // unbalanced '{' in a default swallows the rest of the line into that default.
    std::string kind;
    CHECK_FALSE(interpolate_compose("${N:-{x} ${X}", lookup, &kind));  // default `{x} ${X` is invalid
    CHECK(kind == "invalid template");
    CHECK(interpolate_compose("${N:-{\"a\":1}}", lookup) == "{\"a\":1}");  // TestNoValueWithCurlyBracesDefault
}

TEST_CASE("finding: an error inside a chained match discards that whole match", "[dotenv][compose][template]") {
    // template.go returns "" for a match whose rest fails, and ReplaceAllStringFunc carries on.
    TemplateError e;
    CHECK_FALSE(interpolate_compose_detailed("pre ${X:-a} mid ${ bad} post", environment_of({}), e));
    CHECK(e.kind == "invalid template");
    CHECK(e.partial == "pre  post");
    CHECK(e.offset == 4);
    TemplateError first;
    CHECK_FALSE(interpolate_compose_detailed("${ one} ${NOPE:?two}", environment_of({}), first));
    CHECK(first.kind == "invalid template");  // the first error is kept
}

TEST_CASE("finding: ${NAME[key]} is named-mapping syntax, kept verbatim in .env", "[dotenv][compose][template]") {
    // template.go groupMapping; the dotenv reader configures no named mappings, so the substitution
    // is "not applied" and the original text stays. (A fork without named mappings would reject it.)
    CHECK(value_of(compose("A=${X[0]}"), "A") == "${X[0]}");
    CHECK(value_of(compose("A=${X[0]}-$X"), "A") == "${X[0]}-1");
}

TEST_CASE("finding: lone, trailing and digit-led $ stay literal", "[dotenv][compose][template]") {
    CHECK(value_of(compose("A=$"), "A") == "$");
    CHECK(value_of(compose("A=a $ b"), "A") == "a $ b");
    CHECK(value_of(compose("A=$1"), "A") == "$1");
    CHECK(value_of(compose("A=$}"), "A") == "$}");
    CHECK(compose("A=${1}").fatal);
}

TEST_CASE("finding: variable names fold case like Go's (?i) regexp", "[dotenv][compose][template]") {
    // `[_a-z]` under (?i) also matches U+212A KELVIN SIGN and U+017F LONG S (Unicode simple folding).
    CHECK(interpolate_compose("$\xE2\x84\xAA!", environment_of({{"\xE2\x84\xAA", "kelvin"}})) == "kelvin!");
    CHECK(interpolate_compose("${x\xC5\xBF}", environment_of({{"x\xC5\xBF", "long-s"}})) == "long-s");
}

TEST_CASE("finding: \\0 escapes keep the rewritten text when UnquoteChar refuses", "[dotenv][compose]") {
    // parser.go expandEscapes rewrites `\0` to `\` before strconv.UnquoteChar, and returns the
    // rewritten match on failure: the `0` disappears.
    CHECK(value_of(compose("A=\"\\0\""), "A") == "\\");
    CHECK(value_of(compose("A=\"\\09\""), "A") == "\\9");
    CHECK(value_of(compose("A=\"\\0777\""), "A") == "\\777");           // > 255
    CHECK(value_of(compose("A=\"\\0377\""), "A") == "\xC3\xBF");        // rune 255, UTF-8 encoded
    CHECK(value_of(compose("A=\"\\01234\""), "A") == "S4");             // at most three digits
    CHECK(value_of(compose("A=\"\\c\\x41\\u00e9\""), "A") == "\\c\\x41\\u00e9");
}

TEST_CASE("finding: key scanning quirks of parser.go", "[dotenv][compose]") {
    // Blanks inside a key are skipped by scanKeyEnd; only U+0020 is then refused.
    CHECK(to_map(compose("A\tB=1")) == StrMap{{"A\tB", "1"}});
    // `#` after a bare key is not a comment, it is a bad key character.
    CHECK(compose("KEY # comment\n").fatal);
    // export needs a blank after it; `export\n` declares an (empty, uninherited) key.
    CHECK(to_map(compose("export\nFOO=bar")) == StrMap{{"FOO", "bar"}});
    const ParseResult zero = compose("A=1\nexport  ");
    check_rejected(zero);
    CHECK(zero.issues[0].kind == "zero length string");
    CHECK(zero.issues[0].line == 2);
    // The empty key is a real key.
    CHECK(to_map(compose("=\"value\"")) == StrMap{{"", "value"}});
    // A comment only starts a value at " #": right after `=` and its blanks, `#` is the value.
    CHECK(value_of(compose("A= #c"), "A") == "#c");
    // Unicode keys follow unicode.IsLetter/IsNumber; symbols and other spaces are refused.
    CHECK(to_map(compose("\xC3\xA1\xC2\xB2=1")) == StrMap{{"\xC3\xA1\xC2\xB2", "1"}});  // á² (Ll, No)
    CHECK(compose("\xE2\x82\xAC=1").fatal);                                              // € (Sc)
    CHECK(compose("A\xE3\x80\x80" "B=1").fatal);                                         // U+3000 inside
    CHECK(compose("A\xFF=1").fatal);                                                     // invalid UTF-8
}

TEST_CASE("binding and issue positions", "[dotenv][compose]") {
    const ParseResult r = compose("# c\n\n  export  FOO=1\n\xC3\xA1=2 # x\nBAR: 'a\nb'\nBAZ=3");
    check_accepted(r);
    REQUIRE(r.bindings.size() == 4);
    CHECK(r.bindings[0].key == "FOO");
    CHECK(r.bindings[0].line == 3);
    CHECK(r.bindings[0].col == 11);
    CHECK(r.bindings[1].line == 4);
    CHECK(r.bindings[1].col == 1);
    CHECK(r.bindings[2].key == "BAR");
    CHECK(r.bindings[2].value == "a\nb");
    CHECK(r.bindings[3].line == 7);

    const ParseResult e = compose("A=1\n\xC3\xA1=2\n  C D=3");
    check_rejected(e);
    CHECK(e.issues[0].line == 3);
    CHECK(e.issues[0].col == 4);
    const ParseResult t = compose("A=1\nB=x${ y}");
    check_rejected(t);
    CHECK(t.issues[0].line == 2);
    CHECK(t.issues[0].col == 4);
}

TEST_CASE("interpolation is linear and bounded on hostile input", "[dotenv][compose][template]") {
    // 100k chained `${X:-a}` on one line: template.go would recurse once per expression.
    std::string line = "A=";
    for (int i = 0; i < 100000; ++i) {
        line += "${N:-a}";
    }
    const ParseResult r = compose(line);
    check_accepted(r);
    CHECK(value_of(r, "A") == std::string(100000, 'a'));

    // Deeply nested used defaults hit our depth guard instead of the C++ stack.
    std::string nested;
    for (int i = 0; i < 5000; ++i) {
        nested += "${N:-";
    }
    nested += "x" + std::string(5000, '}');
    std::string kind;
    CHECK_FALSE(interpolate_compose(nested, environment_of({}), &kind));
    CHECK(kind == "template nesting too deep");
    // Unused nested defaults are never evaluated, so they cost nothing and pass.
    CHECK(interpolate_compose(nested, environment_of({{"N", "set"}})) == "set");
}
