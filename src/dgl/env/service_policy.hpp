// A service profile's environment policy applied to the resolved variables (contract.md §3, §6):
// backends get DOCKER_CONTEXT=true, the frontend only its allowlist.
#pragma once

#include "dgl/env/variable.hpp"
#include "dgl/process/service.hpp"

#include <string_view>

namespace dgl::env {

/// Where a value forced by a profile comes from, as explain shows it: "--service default".
std::string service_origin(std::string_view service);

/// True when the frontend allowlist admits `key` (PATH HOME LANG LC_* TZ NODE_ENV HOST PORT
/// NODE_OPTIONS and the profile's own keys); a secret value (any value from a secret file too) is
/// refused regardless.
bool frontend_allows(const process::ServiceProfile& profile, std::string_view key, const Variable& var);

/// Rewrites `vars` into what the service's child receives: DOCKER_CONTEXT=true forced for the
/// Python backends (the value it replaces is kept as shadowed), or everything outside the
/// allowlist removed for the frontend.
void apply_service_policy(EnvMap& vars, const process::ServiceProfile& profile);

}  // namespace dgl::env
