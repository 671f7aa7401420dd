// Trust policy (contract.md §6): which keys each kind of source may give the child.
// A .env file or a secrets command is data someone else may write; letting it set LD_PRELOAD
// would let that data run code in the child, so such keys need the caller's --allow-unsafe.
#include "dgl/env/key_policy.hpp"

#include <algorithm>
#include <array>

namespace dgl::env {

namespace {

struct Rule {
    std::string_view name;
    bool prefix;  ///< name is a prefix ("DIFFGRAM_LAUNCH_") rather than a whole key
    KeyRule rule;
};

// clang-format off
constexpr std::array<Rule, 9> k_rules{{
    {"LD_PRELOAD", false, KeyRule::loads_code},       // ld.so: libraries loaded into every program
    {"LD_LIBRARY_PATH", false, KeyRule::loads_code},  // ld.so: where libraries are searched first
    {"LD_AUDIT", false, KeyRule::loads_code},         // ld.so: auditing libraries loaded first
    {"PYTHONSTARTUP", false, KeyRule::loads_code},    // python: a file run at interactive start
    {"PYTHONINSPECT", false, KeyRule::loads_code},    // python: an interactive prompt after the script
    {"BASH_ENV", false, KeyRule::loads_code},         // bash: a file sourced by every script
    {"ENV", false, KeyRule::loads_code},              // sh/dash: a file sourced by interactive shells
    {"GCONV_PATH", false, KeyRule::loads_code},       // glibc iconv: modules loaded from there
    {"DIFFGRAM_LAUNCH_", true, KeyRule::launcher_own},
}};

// Layers whose values the caller controls directly (contract.md §6: "the caller already
// controls it"). Secret files are mounted by the caller's own deployment (Kubernetes, Docker,
// systemd LoadCredential=), like envFrom fills the process environment.
constexpr std::array<std::pair<Layer, bool>, 5> k_trust{{
    {Layer::cli_set, true},
    {Layer::process_env, true},
    {Layer::secret_file, true},
    {Layer::command, false},
    {Layer::dotenv, false},
}};
// clang-format on

std::string_view source_kind(Layer layer) {
    switch (layer) {
    case Layer::cli_set:
        return "--set";
    case Layer::process_env:
        return "the process environment";
    case Layer::secret_file:
        return "a secret file";
    case Layer::command:
        return "a secrets command";
    case Layer::dotenv:
        return "a .env file";
    }
    return "a source";
}

}  // namespace

KeyRule key_rule(std::string_view key) {
    if (key.empty()) {
        return KeyRule::ordinary;
    }
    for (const auto& r : k_rules) {
        if (key.front() != r.name.front()) {
            continue;  // every key is asked about: most part here, at their first byte
        }
        if (r.prefix ? key.starts_with(r.name) : key == r.name) {
            return r.rule;
        }
    }
    return KeyRule::ordinary;
}

bool trusted_layer(Layer layer) {
    for (const auto& [l, trusted] : k_trust) {
        if (l == layer) {
            return trusted;
        }
    }
    return false;
}

void apply_key_policy(std::vector<Candidate>& candidates, const std::vector<std::string>& allow_unsafe,
                      check::Findings& findings) {
    std::erase_if(candidates, [&](const Candidate& c) {
        switch (key_rule(c.key)) {
        case KeyRule::ordinary:
            return false;
        case KeyRule::launcher_own:
            if (c.origin.layer != Layer::process_env) {
                findings.push_back({"DGL302", check::Severity::warning, c.key, {c.origin.where},
                                    "the launcher's own variable is not passed to the child, and " +
                                        std::string(source_kind(c.origin.layer)) + " cannot configure the launcher",
                                    "set it in the launcher's environment (docker -e, systemd Environment=) "
                                    "or use the matching command-line option"});
            }
            return true;
        case KeyRule::loads_code:
            if (trusted_layer(c.origin.layer) ||
                std::find(allow_unsafe.begin(), allow_unsafe.end(), c.key) != allow_unsafe.end()) {
                return false;
            }
            findings.push_back({"DGL301", check::Severity::error, c.key, {c.origin.where},
                                "changes how the child loads code; refused from " +
                                    std::string(source_kind(c.origin.layer)),
                                "set it in the launcher's own environment, or pass --allow-unsafe " + c.key +
                                    " if this source is trusted"});
            return true;
        }
        return false;
    });
}

}  // namespace dgl::env
