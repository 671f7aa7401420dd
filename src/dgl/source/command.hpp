// Secrets commands as a source (contract.md §3, layer 4): --from-cmd (stdout is dotenv) and
// --from-cmd-json (stdout is a flat JSON object of strings), run through /bin/sh -c.
#pragma once

#include "dgl/cli/options.hpp"
#include "dgl/env/dotenv.hpp"
#include "dgl/env/variable.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dgl::source {

/// Largest stdout accepted from one command: 1 MiB, as a secret file. Linux caps one environment
/// string at 128 KiB and the whole environment at a few MiB, so more could never reach the child.
inline constexpr std::size_t k_max_command_output = 1024U * 1024U;

/// Runs `/bin/sh -c command` in its own process group, stdin from /dev/null, stderr passed through,
/// and returns its stdout (never echoed). Throws Error(125) naming `name` ("command #2") and never
/// the output when it cannot start, exits non-zero or by a signal, prints more than `limit` bytes,
/// or runs longer than `timeout` (then the whole process group is killed with SIGKILL).
std::string capture_command(const std::string& command, const std::string& name, std::chrono::seconds timeout,
                            std::size_t limit = k_max_command_output);

/// A command's stdout as dotenv in `dialect`: the grammar, and `${VAR}` interpolation against
/// earlier keys of the same output only (a command's output does not depend on other sources).
/// Throws Error(125) naming `name` and the line, never the text, when a statement does not parse.
std::vector<std::pair<std::string, std::string>> parse_command_dotenv(std::string_view text, dotenv::Dialect dialect,
                                                                      const std::string& name);

/// A command's stdout as a flat JSON object of strings. Throws Error(125) naming `name` (and a
/// key, never a value) for invalid JSON, a non-object, or a value that is not a string.
std::vector<std::pair<std::string, std::string>> parse_command_json(std::string_view text, const std::string& name);

/// Runs command number `index` (1-based, the order of Options::commands) and returns its
/// variables as layer-4 candidates, "command #index".
std::vector<env::Candidate> read_command(const cli::SecretsCommand& cmd, int index, std::chrono::seconds timeout,
                                         dotenv::Dialect dialect);

}  // namespace dgl::source
