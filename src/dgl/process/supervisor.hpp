// Supervise mode (--init, or automatically as PID 1): the launcher stays the parent, forwards
// signals, reaps every zombie, stops with the child's exit status, and with --watch restarts the
// child when its sources change and still pass the checks.
#pragma once

#include "dgl/env/child_env.hpp"
#include "dgl/process/watcher.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dgl::process {

/// One start of the child.
struct Launch {
    std::vector<std::string> argv;
    env::ChildEnv envp;
    std::string workdir;               ///< "" = the launcher's
    std::vector<std::string> secrets;  ///< values --mask-output replaces
};

/// --watch: what to watch, and how to get the next launch. Implemented by the `run` command,
/// which owns the pipeline; the supervisor only decides when to ask.
class Reloader {
public:
    virtual ~Reloader() = default;
    Reloader() = default;
    Reloader(const Reloader&) = delete;
    Reloader& operator=(const Reloader&) = delete;

    virtual std::vector<WatchTarget> targets() = 0;
    /// Resolves and checks again. The launch to restart with, or nullopt to keep the running child
    /// (the new configuration failed its checks, or nothing the child sees has changed).
    virtual std::optional<Launch> reload(const Launch& current) = 0;
};

struct SupervisorOptions {
    std::chrono::milliseconds stop_timeout{10000};
    bool mask_output = false;
    std::chrono::milliseconds debounce{250};  ///< quiet time after the last change before resolving
};

/// Runs `first` and supervises it until it exits; returns its exit code, or 128+N when signal N
/// killed it. `reloader` may be null (no --watch). Throws Error(125/126/127) when the first child
/// cannot be started.
int supervise(const Launch& first, const SupervisorOptions& options, Reloader* reloader);

}  // namespace dgl::process
