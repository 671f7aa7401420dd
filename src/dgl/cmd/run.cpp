// `run` (and the bare form): resolve, refuse on errors, then exec the command.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/fernet_pin.hpp"
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
    if (check::pin_fernet_key({p.vars, catalog::active(), opts.service}, opts.state_dir, opts.accept_fernet_key_change)) {
        spdlog::info("pinned the FERNET_KEY fingerprint in {}", opts.state_dir);
    }
    process::exec(opts.positional, env::child_environment(p.vars));
}

}  // namespace dgl::cmd
