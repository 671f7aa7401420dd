// Supervise mode's child start: Boost.Process v2's posix launcher with a clean signal state,
// its own process group and an explicit environment.
#pragma once

#include "dgl/env/child_env.hpp"

#include <string>
#include <sys/types.h>
#include <vector>

namespace dgl::process {

struct SpawnSpec {
    std::vector<std::string> argv;  ///< argv[0] is looked up in the child's PATH like execvp
    env::ChildEnv envp;             ///< exactly the child's environment
    std::string workdir;            ///< "" = the launcher's working directory
    int stdout_fd = -1;             ///< -1 = inherit the launcher's
    int stderr_fd = -1;
    bool take_terminal = false;     ///< make the child's group the terminal's foreground group
};

/// Where argv[0] resolves in the child's PATH (execvp's rules). Throws Error(127) when nothing
/// exists there and Error(126) when something exists but cannot be executed.
std::string resolve_program(const std::string& command, const env::ChildEnv& envp);

/// Starts the child in a new process group (pgid = its pid), with an empty signal mask and every
/// disposition at SIG_DFL, and returns its pid; the caller reaps it. Throws Error(127/126) as
/// execvp would fail, Error(125) when the launcher itself cannot fork or enter `workdir`.
pid_t spawn(const SpawnSpec& spec);

}  // namespace dgl::process
