// `print`: the child's final environment in a machine-readable format, secrets redacted.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/errors.hpp"
#include "dgl/report/print.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

namespace dgl::cmd {

int print(const cli::Options& opts) {
    const auto& p = prepare_once(opts);
    if (opts.reveal && system_mode(p.vars) == "production") {
        throw launcher_error("--reveal is refused when DIFFGRAM_SYSTEM_MODE is production");
    }
    log_findings(p.findings);
    if (check::has_errors(p.findings)) {
        spdlog::error("configuration rejected; nothing printed");
        return to_int(ExitCode::config_rejected);
    }
    std::cout << report::print(p.vars, opts.format, opts.reveal);
    return to_int(ExitCode::ok);
}

}  // namespace dgl::cmd
