// The Diffgram service profiles (contract.md §2 --service): each one's canonical command and
// environment policy, as one table. Data only; env/service_policy.cpp applies the policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dgl::process {

/// What the child of a service may see.
enum class EnvPolicy {
    full,                ///< every resolved variable (the dispatcher: DOCKER_CONTEXT picks its ingress)
    full_docker_context, ///< every resolved variable plus DOCKER_CONTEXT=true (Python backends)
    allowlist,           ///< only the frontend allowlist of contract.md §6, never a secret
};

struct ServiceProfile {
    std::string_view name;
    std::vector<std::string> command;  ///< the canonical command (diffgram-reference.md §6)
    std::string workdir;               ///< relative directory the canonical command runs in; "" = cwd
    EnvPolicy policy = EnvPolicy::full;
    std::vector<std::string> extra_keys;  ///< allowlist: non-secret keys the profile names
};

/// Every profile, in the order of the contract.
const std::vector<ServiceProfile>& service_profiles();

/// The profile called `name`. Throws Error(125) naming the known services when there is none.
const ServiceProfile& find_service(std::string_view name);

}  // namespace dgl::process
