// `run` in supervise mode: the child's launch from the pipeline, and --watch's reload.
#pragma once

#include "dgl/cli/options.hpp"
#include "dgl/cmd/pipeline.hpp"

#include <string>
#include <vector>

namespace dgl::cmd {

/// Supervise mode is on with --init, off with --no-init, and otherwise on when the launcher is
/// PID 1 or when --watch or --mask-output asks for it. Throws Error(125) for --no-init with
/// --watch or --mask-output.
bool supervise_mode(const cli::Options& opts);

/// Supervises `argv` (run in `workdir`) with the prepared, checked environment; returns the
/// child's exit code or 128+N.
int supervise(const cli::Options& opts, Prepared prepared, const std::vector<std::string>& argv,
              const std::string& workdir);

}  // namespace dgl::cmd
