// The kernel's limits on what execve can pass (ARG_MAX, MAX_ARG_STRLEN), checked before the
// call so that an oversized environment is a clear launcher error, not E2BIG reported as 126.
#pragma once

#include "dgl/env/child_env.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dgl::process {

/// The number of bytes argv + envp take against the kernel's limit: every string with its NUL,
/// plus one pointer per string (fs/exec.c bprm_stack_limits).
std::size_t exec_arg_bytes(const std::vector<std::string>& argv, const env::ChildEnv& envp);

/// The kernel's limit on that total for this process: sysconf(_SC_ARG_MAX) (a quarter of the
/// stack rlimit), capped at limits::k_max_arg_total as the kernel caps it.
std::size_t exec_arg_limit();

/// Throws Error(125) naming the variable (key only) or the argument's position when one string
/// is longer than MAX_ARG_STRLEN, or naming the largest variables when the total exceeds
/// exec_arg_limit(). Call it before execve or spawning the child.
void check_arg_limits(const std::vector<std::string>& argv, const env::ChildEnv& envp);

}  // namespace dgl::process
