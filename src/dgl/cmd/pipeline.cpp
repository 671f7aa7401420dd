// The pipeline every subcommand but lint/init/gen-fernet-key shares:
// sources -> precedence -> checks -> the child's environment.
#include "dgl/cmd/pipeline.hpp"

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/checks.hpp"
#include "dgl/check/fernet_pin.hpp"
#include "dgl/check/safety.hpp"
#include "dgl/env/precedence.hpp"
#include "dgl/log.hpp"
#include "dgl/env/service_policy.hpp"
#include "dgl/report/findings.hpp"
#include "dgl/source/gather.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

extern char** environ;  // NOLINT: POSIX

namespace dgl::cmd {

Prepared prepare(const cli::Options& opts) {
    // --schema first: a site's own secrets must be known before anything is resolved or redacted.
    // (Without --schema the built-in catalog stays active: no copy of it per launch.)
    if (!opts.schema_files.empty()) {
        catalog::set_active(catalog::with_schemas(opts.schema_files));
    }
    const process::ServiceProfile* service = opts.service.empty() ? nullptr : &process::find_service(opts.service);
    auto res = env::resolve(source::gather(opts, environ));
    Prepared p{std::move(res.vars), std::move(res.findings)};
    check::enforce_limits(p.vars);  // NUL bytes, key count: exit 125 before anything else looks
    const check::Context ctx{p.vars, catalog::active(), opts.service};
    auto append = [&p](check::Findings more) {
        p.findings.insert(p.findings.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    };
    if (!opts.no_check) {
        append(check::run_all(ctx));
    }
    // The pin guards stored data, not the configuration's shape: --no-check does not skip it.
    append(check::check_fernet_pin(ctx, opts.state_dir, opts.accept_fernet_key_change));
    append(check::safety_findings(p.vars));  // bytes, not catalog rules: --no-check keeps them
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

const Prepared& prepare_once(const cli::Options& opts) {
    // Reachable from a static until exit (so no leak report), and never destroyed.
    static auto* kept = new std::vector<std::unique_ptr<Prepared>>();  // NOLINT(cppcoreguidelines-owning-memory)
    kept->push_back(std::make_unique<Prepared>(prepare(opts)));
    return *kept->back();
}

void log_findings(const check::Findings& findings) {
    for (const auto& f : findings) {
        const auto line = report::finding_body(f);
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
