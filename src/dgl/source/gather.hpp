// Builds the precedence inputs from the command line and the process environment: which files,
// directories and commands are read, in which order. No decision about who wins is made here.
#pragma once

#include "dgl/cli/options.hpp"
#include "dgl/env/precedence.hpp"

namespace dgl::source {

/// Reads every source the options name. Throws Error(125) on a source that cannot be read.
env::Inputs gather(const cli::Options& opts, const char* const* environ);

/// The process environment as a list of (key, value), minus the launcher's own
/// DIFFGRAM_LAUNCH_* variables, which never reach the child.
std::vector<env::Candidate> process_environment(const char* const* environ);

}  // namespace dgl::source
