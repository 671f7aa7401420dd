// The top of the program: parse the command line, run the subcommand, map errors to exit codes.
// The only try/catch that turns an Error into an exit code is here.
#include "dgl/app.hpp"

#include "dgl/cli/options.hpp"
#include "dgl/env/child_env.hpp"
#include "dgl/env/precedence.hpp"
#include "dgl/errors.hpp"
#include "dgl/log.hpp"
#include "dgl/process/exec.hpp"
#include "dgl/report/findings.hpp"
#include "dgl/report/print.hpp"
#include "dgl/source/gather.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

extern char** environ;  // NOLINT: POSIX

namespace dgl::app {

namespace {

/// Sources -> precedence -> findings: what every subcommand but lint/init starts from.
env::Resolution resolve(const cli::Options& opts) {
    auto res = env::resolve(source::gather(opts, environ));
    if (opts.strict) {
        check::escalate_warnings(res.findings);
    }
    return res;
}

/// Findings go to the log: notices only at debug level, since production runs see many.
void log_findings(const check::Findings& findings) {
    for (const auto& f : findings) {
        const auto line = report::finding_line(f);
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

std::string resolved_mode(const env::EnvMap& vars) {
    auto it = vars.find("DIFFGRAM_SYSTEM_MODE");
    return it == vars.end() ? std::string("sandbox") : it->second.value;
}

int run(const cli::Options& opts) {
    if (opts.positional.empty()) {
        throw launcher_error("no command given (usage: diffgram-launch [OPTIONS] [--] COMMAND [ARG...])");
    }
    auto res = resolve(opts);
    log_findings(res.findings);
    if (check::has_errors(res.findings)) {
        spdlog::error("configuration rejected; {} not started", opts.positional.front());
        return to_int(ExitCode::config_rejected);
    }
    process::exec(opts.positional, env::child_environment(res.vars));
}

int check(const cli::Options& opts) {
    auto res = resolve(opts);
    const std::string format = opts.format.empty() ? "text" : opts.format;
    if (format == "json") {
        std::cout << report::findings_json(res.findings);
    } else if (format == "text") {
        std::cout << report::findings_text(res.findings);
    } else {
        throw launcher_error("check --format must be text or json");
    }
    return to_int(check::has_errors(res.findings) ? ExitCode::config_rejected : ExitCode::ok);
}

int print(const cli::Options& opts) {
    auto res = resolve(opts);
    if (opts.reveal && resolved_mode(res.vars) == "production") {
        throw launcher_error("--reveal is refused when DIFFGRAM_SYSTEM_MODE is production");
    }
    log_findings(res.findings);
    if (check::has_errors(res.findings)) {
        spdlog::error("configuration rejected; nothing printed");
        return to_int(ExitCode::config_rejected);
    }
    std::cout << report::print(res.vars, opts.format, opts.reveal);
    return 0;
}

int dispatch(const cli::Options& opts) {
    switch (opts.subcommand) {
    case cli::Subcommand::run:
        return run(opts);
    case cli::Subcommand::check:
        return check(opts);
    case cli::Subcommand::print:
        return print(opts);
    default:
        throw launcher_error("this subcommand is not available in this build");
    }
}

}  // namespace

int main(int argc, char** argv) {
    log::setup("info", false, "text");  // until the options are known
    try {
        const auto opts = cli::parse(argc, argv, environ);
        if (opts.help) {
            std::cout << cli::help_text();
            return 0;
        }
        if (opts.version) {
            std::cout << "diffgram-launch " DGL_VERSION "\n";
            return 0;
        }
        log::setup(opts.log_level, opts.quiet, opts.log_format);
        return dispatch(opts);
    } catch (const Error& e) {
        spdlog::error("{}", e.what());
        return to_int(e.code());
    } catch (const std::exception& e) {
        spdlog::error("internal error: {}", e.what());
        return to_int(ExitCode::launcher_error);
    }
}

}  // namespace dgl::app
