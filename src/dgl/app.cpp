// The top of the program: parse the command line, run the subcommand, map errors to exit codes.
// The only try/catch that turns an Error into an exit code is here.
#include "dgl/app.hpp"

#include "dgl/cli/options.hpp"
#include "dgl/cmd/commands.hpp"
#include "dgl/errors.hpp"
#include "dgl/log.hpp"

#include <spdlog/spdlog.h>

#include <malloc.h>

#include <iostream>

extern char** environ;  // NOLINT: POSIX

namespace dgl::app {

namespace {

int dispatch(const cli::Options& opts) {
    switch (opts.subcommand) {
    case cli::Subcommand::run:
        return cmd::run(opts);
    case cli::Subcommand::check:
        return cmd::check(opts);
    case cli::Subcommand::print:
        return cmd::print(opts);
    case cli::Subcommand::info:
        return cmd::info(opts);
    case cli::Subcommand::explain:
        return cmd::explain(opts);
    case cli::Subcommand::init:
        return cmd::init(opts);
    case cli::Subcommand::gen_fernet_key:
        return cmd::gen_fernet_key(opts);
    case cli::Subcommand::lint:
        return cmd::lint(opts);
    default:
        throw launcher_error("this subcommand is not available in this build");
    }
}

}  // namespace

int main(int argc, char** argv) {
    // A launch allocates a few MiB at most and then execs: memory given back to the kernel would
    // only be faulted in again (10k-key .env: 4,800 page faults, a third of the launch). Keep
    // large blocks on the heap instead of in their own mmap, and never trim the heap.
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 1024 * 1024);
    log::setup("info", false, log::early_format(argc, argv, environ));  // until the options are known
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
