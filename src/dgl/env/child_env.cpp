// The child's environment: the resolved variables as execve strings.
#include "dgl/env/child_env.hpp"

namespace dgl::env {

std::vector<std::string> child_environment(const EnvMap& vars) {
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (const auto& [key, v] : vars) {
        std::string& entry = out.emplace_back();  // one allocation per variable
        entry.reserve(key.size() + 1 + v.value.size());
        entry.append(key).append(1, '=').append(v.value);
    }
    return out;
}

}  // namespace dgl::env
