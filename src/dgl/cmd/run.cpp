// `run` (and the bare form): resolve, refuse on errors, then exec the command.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/env/child_env.hpp"
#include "dgl/errors.hpp"
#include "dgl/process/exec.hpp"

#include <spdlog/spdlog.h>

namespace dgl::cmd {

int run(const cli::Options& opts) {
    if (opts.positional.empty()) {
        throw launcher_error("no command given (usage: diffgram-launch [OPTIONS] [--] COMMAND [ARG...])");
    }
    auto p = prepare(opts);
    log_findings(p.findings);
    if (check::has_errors(p.findings)) {
        spdlog::error("configuration rejected; {} not started", opts.positional.front());
        return to_int(ExitCode::config_rejected);
    }
    process::exec(opts.positional, env::child_environment(p.vars));
}

}  // namespace dgl::cmd
