// `explain [KEY...]`: where each value of the child's environment came from, and what it shadowed.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/errors.hpp"
#include "dgl/report/explain.hpp"

#include <iostream>

namespace dgl::cmd {

int explain(const cli::Options& opts) {
    const std::string format = opts.format.empty() ? "text" : opts.format;
    if (format != "text" && format != "json") {
        throw launcher_error("explain --format must be text or json");
    }
    const auto& p = prepare_once(opts);
    if (opts.reveal && system_mode(p.vars) == "production") {
        throw launcher_error("--reveal is refused when DIFFGRAM_SYSTEM_MODE is production");
    }
    // explain answers "where does this come from?", which matters most when the configuration has
    // errors: it prints regardless, and the findings go to stderr. `check` is the gate (exit 78).
    log_findings(p.findings);
    const auto keys = report::explain_keys(p.vars, opts.positional);
    std::cout << (format == "json" ? report::explain_json(p.vars, keys, opts.reveal)
                                   : report::explain_text(p.vars, keys, opts.reveal, p.findings));
    return to_int(ExitCode::ok);
}

}  // namespace dgl::cmd
