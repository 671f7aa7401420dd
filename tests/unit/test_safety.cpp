// Unit tests of the safety layer: trust policy table, dotenv text limits, execve limits, UTF-8
// validation and the post-resolution safety checks.
#include "dgl/check/safety.hpp"
#include "dgl/env/child_env.hpp"
#include "dgl/env/key_policy.hpp"
#include "dgl/errors.hpp"
#include "dgl/limits.hpp"
#include "dgl/process/arg_limits.hpp"
#include "dgl/source/text_limits.hpp"
#include "dgl/util/strings.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace dgl;

namespace {

env::Candidate cand(const std::string& key, env::Layer layer, const std::string& where = "a.env:1") {
    return {key, "v", {layer, where, 0}};
}

int exit_code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return to_int(e.code());
    }
    return 0;
}

}  // namespace

TEST_CASE("key policy: the contract's code-loading keys and the launcher's own prefix") {
    for (const char* k : {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PYTHONSTARTUP", "PYTHONINSPECT", "BASH_ENV",
                          "ENV", "GCONV_PATH"}) {
        CHECK(env::key_rule(k) == env::KeyRule::loads_code);
    }
    CHECK(env::key_rule("DIFFGRAM_LAUNCH_ENV_FILE") == env::KeyRule::launcher_own);
    for (const char* k : {"LD_PRELOAD_X", "ENVIRONMENT", "PATH", "PYTHONPATH", "DIFFGRAM_LAUNCHER", "ld_preload"}) {
        CHECK(env::key_rule(k) == env::KeyRule::ordinary);
    }
    CHECK(env::trusted_layer(env::Layer::process_env));
    CHECK(env::trusted_layer(env::Layer::cli_set));
    CHECK_FALSE(env::trusted_layer(env::Layer::dotenv));
    CHECK_FALSE(env::trusted_layer(env::Layer::command));
}

TEST_CASE("key policy: refuses code-loading keys from untrusted layers unless allowed") {
    std::vector<env::Candidate> c{cand("LD_PRELOAD", env::Layer::dotenv), cand("A", env::Layer::dotenv),
                                  cand("BASH_ENV", env::Layer::command, "command #1"),
                                  cand("GCONV_PATH", env::Layer::dotenv, "a.env:4")};
    check::Findings f;
    env::apply_key_policy(c, {"GCONV_PATH"}, f);
    REQUIRE(c.size() == 2);
    CHECK(c[0].key == "A");
    CHECK(c[1].key == "GCONV_PATH");
    REQUIRE(f.size() == 2);
    CHECK(f[0].code == "DGL301");
    CHECK(f[0].severity == check::Severity::error);
    CHECK(f[0].key == "LD_PRELOAD");
    CHECK(f[0].sources == std::vector<std::string>{"a.env:1"});
    CHECK(f[1].key == "BASH_ENV");
    CHECK(f[1].message.find("secrets command") != std::string::npos);
}

TEST_CASE("key policy: trusted layers pass code-loading keys; launcher variables never pass") {
    std::vector<env::Candidate> c{cand("LD_PRELOAD", env::Layer::process_env, "process environment"),
                                  cand("LD_AUDIT", env::Layer::cli_set, "--set"),
                                  cand("DIFFGRAM_LAUNCH_X", env::Layer::process_env, "process environment"),
                                  cand("DIFFGRAM_LAUNCH_Y", env::Layer::dotenv)};
    check::Findings f;
    env::apply_key_policy(c, {}, f);
    REQUIRE(c.size() == 2);
    CHECK(c[0].key == "LD_PRELOAD");
    CHECK(c[1].key == "LD_AUDIT");
    REQUIRE(f.size() == 1);  // the process environment is where DIFFGRAM_LAUNCH_* belong: no finding
    CHECK(f[0].code == "DGL302");
    CHECK(f[0].key == "DIFFGRAM_LAUNCH_Y");
}

TEST_CASE("dotenv text limits: NUL bytes and long lines by position, never by content") {
    CHECK(exit_code_of([] { source::check_dotenv_text("A=1\nB=2", "x"); }) == 0);
    CHECK(exit_code_of([] { source::check_dotenv_text("", "x"); }) == 0);
    const std::string nul("A=1\nB=se\0cret\n", 15);
    try {
        source::check_dotenv_text(nul, ".env file a.env");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::launcher_error);
        CHECK(std::string(e.what()).find("line 2, byte 5") != std::string::npos);
        CHECK(std::string(e.what()).find("cret") == std::string::npos);
    }
    const std::string at_limit = "A=" + std::string(limits::k_max_line_bytes - 2, 'x') + "\n";
    CHECK(exit_code_of([&] { source::check_dotenv_text(at_limit + at_limit, "x"); }) == 0);
    const std::string over = "A=1\n" + std::string(limits::k_max_line_bytes + 1, 'y');
    CHECK(exit_code_of([&] { source::check_dotenv_text(over, "x"); }) == 125);
}

TEST_CASE("execve limits: one string over MAX_ARG_STRLEN, or the total over ARG_MAX") {
    const std::vector<std::string> argv{"/bin/true"};
    const std::string fits = "K=" + std::string(limits::k_max_arg_strlen - 3, 'v');  // + NUL = the limit
    CHECK(exit_code_of([&] { process::check_arg_limits(argv, {fits}); }) == 0);
    try {
        process::check_arg_limits(argv, {"A=1", "BIG_SECRET=" + std::string(limits::k_max_arg_strlen, 's')});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::launcher_error);
        CHECK(std::string(e.what()).find("BIG_SECRET") != std::string::npos);
        CHECK(std::string(e.what()).find("sss") == std::string::npos);
    }
    CHECK(exit_code_of([&] {
              process::check_arg_limits({"x", std::string(limits::k_max_arg_strlen, 'a')}, {});
          }) == 125);
    env::ChildEnv many;
    std::string entry = "K=" + std::string(100000, 'w');
    for (size_t i = 0; i < process::exec_arg_limit() / 100000 + 1; ++i) {
        entry[0] = static_cast<char>('A' + i % 26);
        many.push_back(entry);
    }
    CHECK(exit_code_of([&] { process::check_arg_limits(argv, many); }) == 125);
    CHECK(process::exec_arg_bytes({"ab"}, {"c=d"}) == 3 + 4 + 2 * sizeof(char*));
    CHECK(process::exec_arg_limit() <= limits::k_max_arg_total);
}

TEST_CASE("valid_utf8 agrees with Python's strict decoder") {
    CHECK(util::valid_utf8(""));
    CHECK(util::valid_utf8("caf\xc3\xa9 \xf0\x9f\x94\x91"));
    CHECK_FALSE(util::valid_utf8("caf\xe9"));
    CHECK_FALSE(util::valid_utf8("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(util::valid_utf8("\xed\xa0\x80"));      // a surrogate
    CHECK_FALSE(util::valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(util::valid_utf8("\xe2\x82"));          // truncated
}

TEST_CASE("safety checks on the resolved environment") {
    env::EnvMap vars;
    vars["OK"] = {"fine", {env::Layer::dotenv, "a.env:1", 0}, {}};
    vars["LATIN"] = {"caf\xe9", {env::Layer::process_env, "process environment", 0}, {}};
    auto f = check::safety_findings(vars);
    REQUIRE(f.size() == 1);
    CHECK(f[0].code == "DGL303");
    CHECK(f[0].severity == check::Severity::warning);
    CHECK(f[0].key == "LATIN");
    CHECK(f[0].message.find("caf") == std::string::npos);
    CHECK(exit_code_of([&] { check::enforce_limits(vars); }) == 0);
    vars["NUL"] = {std::string("a\0b", 3), {env::Layer::command, "command #1", 0}, {}};
    CHECK(exit_code_of([&] { check::enforce_limits(vars); }) == 125);
}

TEST_CASE("ChildEnv: the resolved variables as execve entries, in key order, in one block") {
    env::EnvMap vars;
    vars["PATHX"] = env::Variable{"/nowhere", {}, {}};
    vars["PATH"] = env::Variable{"/usr/bin:/bin", {}, {}};
    vars["EMPTY"] = env::Variable{"", {}, {}};
    vars["A"] = env::Variable{"x=y", {}, {}};
    const env::ChildEnv e(vars);
    REQUIRE(e.size() == 4);
    CHECK(e[0] == "A=x=y");
    CHECK(e[1] == "EMPTY=");
    CHECK(e[2] == "PATH=/usr/bin:/bin");
    CHECK(e[3] == "PATHX=/nowhere");
    CHECK(e.find("PATH") == "/usr/bin:/bin");  // not PATHX's
    CHECK(e.find("EMPTY") == "");
    CHECK_FALSE(e.find("PAT").has_value());
    const auto p = e.pointers();
    REQUIRE(p.size() == 5);
    CHECK(std::string(p[0]) == "A=x=y");  // NUL-terminated in place
    CHECK(std::string(p[3]) == "PATHX=/nowhere");
    CHECK(p[4] == nullptr);
    CHECK(e == env::ChildEnv{"A=x=y", "EMPTY=", "PATH=/usr/bin:/bin", "PATHX=/nowhere"});
    CHECK_FALSE(e == env::ChildEnv{"A=x=y", "EMPTY=", "PATH=/usr/bin:/bin"});
    CHECK(env::ChildEnv{}.pointers() == std::vector<char*>{nullptr});
}

TEST_CASE("is_ascii: a high byte at every position, in and past whole words") {
    CHECK(util::is_ascii(std::string_view()));
    for (std::size_t n = 0; n <= 27; ++n) {
        const std::string plain(n, '\x7f');
        CHECK(util::is_ascii(plain));
        for (std::size_t at = 0; at < n; ++at) {
            for (const char high : {'\x80', '\xff'}) {
                std::string s = plain;
                s[at] = high;
                INFO("length " << n << ", high byte at " << at);
                CHECK_FALSE(util::is_ascii(s));
                CHECK_FALSE(util::is_ascii(std::string_view(s).substr(0, at + 1)));
                CHECK(util::is_ascii(std::string_view(s).substr(0, at)));
            }
        }
    }
}
