// The pipeline every subcommand but lint/init/gen-fernet-key shares:
// sources -> precedence -> checks -> the child's environment.
#include "dgl/cmd/pipeline.hpp"

#include "dgl/env/precedence.hpp"
#include "dgl/env/service_policy.hpp"
#include "dgl/report/findings.hpp"
#include "dgl/source/gather.hpp"

#include <spdlog/spdlog.h>

extern char** environ;  // NOLINT: POSIX

namespace dgl::cmd {

Prepared prepare(const cli::Options& opts) {
    const process::ServiceProfile* service = opts.service.empty() ? nullptr : &process::find_service(opts.service);
    auto res = env::resolve(source::gather(opts, environ));
    Prepared p{std::move(res.vars), std::move(res.findings)};
    if (opts.strict) {
        check::escalate_warnings(p.findings);
    }
    // After the checks: they see every resolved value and the service name (opts.service).
    if (service != nullptr) {
        p.service = service;
        env::apply_service_policy(p.vars, *service);
    }
    return p;
}

void log_findings(const check::Findings& findings) {
    for (const auto& f : findings) {
        const auto line = report::finding_body(f);
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
