// The pipeline every subcommand but lint/init/gen-fernet-key shares:
// sources -> precedence -> checks -> the child's environment.
#include "dgl/cmd/pipeline.hpp"

#include "dgl/check/safety.hpp"
#include "dgl/env/precedence.hpp"
#include "dgl/log.hpp"
#include "dgl/report/findings.hpp"
#include "dgl/source/gather.hpp"

#include <spdlog/spdlog.h>

extern char** environ;  // NOLINT: POSIX

namespace dgl::cmd {

Prepared prepare(const cli::Options& opts) {
    auto res = env::resolve(source::gather(opts, environ));
    Prepared p{std::move(res.vars), std::move(res.findings)};
    check::enforce_limits(p.vars);
    for (auto& f : check::safety_findings(p.vars)) {
        p.findings.push_back(std::move(f));
    }
    if (opts.strict) {
        check::escalate_warnings(p.findings);
    }
    return p;
}

void log_findings(const check::Findings& findings) {
    for (const auto& f : findings) {
        const auto line = report::finding_line(f);
        std::string sources;
        for (const auto& s : f.sources) {
            sources += (sources.empty() ? "" : ", ") + s;
        }
        const log::Scope scope({{"code", f.code}, {"key", f.key}, {"sources", sources}});
        switch (f.severity) {
        case check::Severity::error:
            spdlog::error("{}", line);
            break;
        case check::Severity::warning:
            spdlog::warn("{}", line);
            break;
        case check::Severity::notice:
            spdlog::debug("{}", line);
            break;
        }
    }
}

std::string system_mode(const env::EnvMap& vars) {
    auto it = vars.find("DIFFGRAM_SYSTEM_MODE");
    return it == vars.end() ? std::string("sandbox") : it->second.value;
}

}  // namespace dgl::cmd
