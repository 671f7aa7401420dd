// --watch: every place a source of the child's environment is read from, as inotify targets.
#pragma once

#include "dgl/cli/options.hpp"
#include "dgl/env/variable.hpp"
#include "dgl/process/watcher.hpp"

#include <vector>

namespace dgl::source {

/// The .env files (given, or the auto-discovered one by gather's rule), the secrets directories,
/// $CREDENTIALS_DIRECTORY and the target of every *_FILE variable: seen in the process
/// environment, among the resolved candidates, or as a value's origin ("file PATH").
/// --from-cmd output cannot be watched.
std::vector<process::WatchTarget> watch_targets(const cli::Options& opts, const char* const* environ,
                                                const env::EnvMap& vars);

}  // namespace dgl::source
