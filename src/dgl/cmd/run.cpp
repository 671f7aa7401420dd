// `run` (and the bare form): resolve, refuse on errors, then exec the command, or supervise it
// (--init, PID 1, --watch, --mask-output). Without a COMMAND, --service runs its canonical one.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"
#include "dgl/cmd/supervise.hpp"

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/fernet_pin.hpp"
#include "dgl/cli/options.hpp"
#include "dgl/env/child_env.hpp"
#include "dgl/errors.hpp"
#include "dgl/process/exec.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace dgl::cmd {

int run(const cli::Options& opts) {
    if (opts.positional.empty() && opts.service.empty()) {
        throw launcher_error("no command given (usage: diffgram-launch [OPTIONS] [--] COMMAND [ARG...])");
    }
    const bool supervising = supervise_mode(opts);
    auto p = prepare(opts);
    // An explicit COMMAND replaces the service's canonical command and its working directory.
    const bool canonical = opts.positional.empty();
    const std::vector<std::string> argv = canonical ? p.service->command : opts.positional;
    const std::string workdir = canonical ? p.service->workdir : std::string();
    log_findings(p.findings);
    if (check::has_errors(p.findings)) {
        spdlog::error("configuration rejected; {} not started", argv.front());
        return to_int(ExitCode::config_rejected);
    }
    if (check::pin_fernet_key({p.vars, catalog::active(), opts.service}, opts.state_dir, opts.accept_fernet_key_change)) {
        spdlog::info("pinned the FERNET_KEY fingerprint in {}", opts.state_dir);
    }
    try {
        if (supervising) {
            return supervise(opts, std::move(p), argv, workdir);
        }
        if (!workdir.empty() && ::chdir(workdir.c_str()) != 0) {
            throw launcher_error("cannot enter directory " + workdir + " (the service's working directory): " +
                                 std::strerror(errno));
        }
        process::exec(argv, env::ChildEnv(p.vars));
    } catch (const Error& e) {
        if (e.code() == ExitCode::not_found && !canonical && cli::is_subcommand_name(argv.front())) {
            throw Error(e.code(), std::string(e.what()) + " (a subcommand must be the first word: diffgram-launch " +
                                      argv.front() + " [OPTIONS])");
        }
        throw;
    }
}

}  // namespace dgl::cmd
