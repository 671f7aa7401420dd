// The child's environment: the resolved variables as execve strings.
#pragma once

#include "dgl/env/variable.hpp"

#include <string>
#include <vector>

namespace dgl::env {

/// "KEY=VALUE" for every resolved variable, in key order.
std::vector<std::string> child_environment(const EnvMap& vars);

}  // namespace dgl::env
