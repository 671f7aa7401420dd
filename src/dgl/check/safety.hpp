// Safety checks on the resolved environment (contract.md §6, issue 5): limits that stop the
// launch, and byte-level findings. Messages name keys and places, never values.
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/env/variable.hpp"

namespace dgl::check {

/// Throws Error(125) when the environment cannot be passed on intact: more than
/// limits::k_max_keys variables, or a key or value holding a NUL byte (execve would cut it).
void enforce_limits(const env::EnvMap& vars);

/// DGL303 (warning): a key or value that is not valid UTF-8. It is passed to the child as bytes
/// (POSIX environments are bytes), but Python decodes it with surrogateescape and most tools
/// will mangle it. The finding names the key only.
Findings safety_findings(const env::EnvMap& vars);

}  // namespace dgl::check
