// A service profile's environment policy applied to the resolved variables (contract.md §3, §6).
// DOCKER_CONTEXT=true keeps a Diffgram backend from reading a stray .env on its own, so that
// precedence is decided in the launcher only; the frontend needs no backend value at all.
#include "dgl/env/service_policy.hpp"

#include "dgl/redact/redact.hpp"

#include <algorithm>
#include <array>

namespace dgl::env {

namespace {

constexpr std::array<std::string_view, 8> k_frontend_keys{"PATH", "HOME", "LANG", "TZ",
                                                          "NODE_ENV", "HOST", "PORT", "NODE_OPTIONS"};

}  // namespace

std::string service_origin(std::string_view service) { return "--service " + std::string(service); }

bool frontend_allows(const process::ServiceProfile& profile, std::string_view key, const Variable& var) {
    if (redact::is_secret(key, var.value, redaction_source(var.origin))) {
        return false;
    }
    const bool named = std::find(k_frontend_keys.begin(), k_frontend_keys.end(), key) != k_frontend_keys.end() ||
                       key.starts_with("LC_") ||
                       std::find(profile.extra_keys.begin(), profile.extra_keys.end(), key) != profile.extra_keys.end();
    return named;
}

void apply_service_policy(EnvMap& vars, const process::ServiceProfile& profile) {
    switch (profile.policy) {
    case process::EnvPolicy::full:
        return;
    case process::EnvPolicy::full_docker_context: {
        const Origin forced{Layer::cli_set, service_origin(profile.name), 0};
        auto it = vars.find("DOCKER_CONTEXT");
        if (it == vars.end()) {
            vars.emplace("DOCKER_CONTEXT", Variable{"true", forced, {}});
            return;
        }
        Variable& v = it->second;
        if (v.value == "true" && v.origin.where == forced.where) {
            return;  // applied already
        }
        v.shadowed.insert(v.shadowed.begin(), Candidate{it->first, v.value, v.origin});
        v.value = "true";
        v.origin = forced;
        return;
    }
    case process::EnvPolicy::allowlist:
        erase_if(vars, [&](const std::string& key, const Variable& v) { return !frontend_allows(profile, key, v); });
        return;
    }
}

}  // namespace dgl::env
