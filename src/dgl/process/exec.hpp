// Exec mode: replace the launcher with COMMAND (same PID), environment given explicitly.
#pragma once

#include "dgl/env/child_env.hpp"

#include <string>
#include <vector>

namespace dgl::process {

/// Where COMMAND resolves, as execvp would look it up in `path_value` (the child's PATH, or
/// execvp's default when unset). Empty when nothing executable was found.
std::string find_program(const std::string& command, const std::string* path_value);

/// execve()s `argv` with `envp` ("KEY=VALUE" strings), looking COMMAND up in the child's PATH
/// like execvp. Never returns on success. On failure throws Error(127) when COMMAND was not
/// found and Error(126) when it was found but could not be executed.
[[noreturn]] void exec(const std::vector<std::string>& argv, const env::ChildEnv& envp);

}  // namespace dgl::process
