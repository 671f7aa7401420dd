// Trust policy (contract.md §6): which keys each kind of source may give the child. Applied to
// the candidates before precedence; who wins is still decided only in precedence.cpp.
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/env/variable.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dgl::env {

enum class KeyRule {
    ordinary,      ///< any source may set it
    loads_code,    ///< changes how the child loads code: refused from untrusted sources
    launcher_own,  ///< DIFFGRAM_LAUNCH_*: configures the launcher, never reaches the child
};

/// The rule for `key` (the policy table in key_policy.cpp).
KeyRule key_rule(std::string_view key);

/// True when the layer's values come from the caller itself (--set, the process environment,
/// secret files it mounted), false for .env files and secrets commands.
bool trusted_layer(Layer layer);

/// Removes from `candidates` what the policy refuses and reports each removal:
/// DGL301 (error) a loads_code key from an untrusted layer, unless listed in `allow_unsafe`;
/// DGL302 (warning) a DIFFGRAM_LAUNCH_* key from a .env file, a command, a secret file or --set.
/// DIFFGRAM_LAUNCH_* from the process environment is dropped silently: that is where it belongs.
void apply_key_policy(std::vector<Candidate>& candidates, const std::vector<std::string>& allow_unsafe,
                      check::Findings& findings);

}  // namespace dgl::env
