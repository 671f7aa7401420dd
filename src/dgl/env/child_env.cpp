// The child's environment: the resolved variables as execve strings.
#include "dgl/env/child_env.hpp"

namespace dgl::env {

std::vector<std::string> child_environment(const EnvMap& vars) {
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (const auto& [key, v] : vars) {
        out.push_back(key + "=" + v.value);
    }
    return out;
}

}  // namespace dgl::env
