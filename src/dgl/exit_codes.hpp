// The exit-code contract (contract.md §5). A launcher-owned code only ever appears before the
// child is executed or spawned, so it cannot be confused with the child's own code.
#pragma once

namespace dgl {

enum class ExitCode : int {
    ok = 0,
    lint_differs = 1,       ///< lint: a file parses differently in the two dialects, or is invalid
    config_rejected = 78,   ///< EX_CONFIG: check/conflict errors, parse errors with --strict
    launcher_error = 125,   ///< usage error or the launcher's own failure (as coreutils env)
    not_executable = 126,   ///< COMMAND found but not executable
    not_found = 127,        ///< COMMAND not found
};

constexpr int to_int(ExitCode c) { return static_cast<int>(c); }

}  // namespace dgl
