// `check`: resolve as `run` would, report every finding at once; exit 0 or 78.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/errors.hpp"
#include "dgl/report/findings.hpp"

#include <iostream>

namespace dgl::cmd {

int check(const cli::Options& opts) {
    const std::string format = opts.format.empty() ? "text" : opts.format;
    if (format != "text" && format != "json") {
        throw launcher_error("check --format must be text or json");
    }
    const auto& p = prepare_once(opts);
    std::cout << (format == "json" ? report::findings_json(p.findings) : report::findings_text(p.findings));
    return to_int(check::has_errors(p.findings) ? ExitCode::config_rejected : ExitCode::ok);
}

}  // namespace dgl::cmd
