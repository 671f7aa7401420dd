// The Fernet key pin as findings: `check` reports it, `run` refuses a changed key (exit 78)
// and records the key once the configuration passed.
#pragma once

#include "dgl/check/context.hpp"
#include "dgl/check/finding.hpp"

#include <string>

namespace dgl::check {

/// DGL250 (changed key, error unless `accept_change`), DGL251 (nothing pinned yet, notice),
/// DGL252 (change accepted, notice). Nothing when `state_dir` is empty or the key matches.
Findings check_fernet_pin(const Context& ctx, const std::string& state_dir, bool accept_change);

/// After the checks passed: pins the effective FERNET_KEY when nothing is pinned yet or the
/// change was accepted. Returns true when it wrote the pin.
bool pin_fernet_key(const Context& ctx, const std::string& state_dir, bool accept_change);

}  // namespace dgl::check
