// `run` in supervise mode: builds the child's launch from the pipeline, and implements --watch's
// reload: resolve and check again, keep the running child when that fails or changes nothing,
// restart it when the child's environment differs. Only key names are ever logged.
#include "dgl/cmd/supervise.hpp"

#include "dgl/env/child_env.hpp"
#include "dgl/errors.hpp"
#include "dgl/process/output_mask.hpp"
#include "dgl/process/supervisor.hpp"
#include "dgl/source/watch_list.hpp"

#include <spdlog/spdlog.h>

#include <malloc.h>
#include <unistd.h>

extern char** environ;  // NOLINT: POSIX

namespace dgl::cmd {

namespace {

process::Launch make_launch(const cli::Options& opts, const Prepared& p, const std::vector<std::string>& argv,
                            const std::string& workdir) {
    process::Launch l{argv, env::ChildEnv(p.vars), workdir, {}};
    if (opts.mask_output) {
        l.secrets = process::secret_values(p.vars);
    }
    return l;
}

/// Keys added, removed or changed between two resolutions: names only.
std::string changed_keys(const env::EnvMap& before, const env::EnvMap& after) {
    std::string out;
    auto note = [&](const std::string& key) { out += (out.empty() ? "" : ", ") + key; };
    for (const auto& [key, v] : after) {
        auto it = before.find(key);
        if (it == before.end() || it->second.value != v.value) {
            note(key);
        }
    }
    for (const auto& [key, v] : before) {
        if (!after.contains(key)) {
            note(key);
        }
    }
    return out;
}

class WatchReloader final : public process::Reloader {
public:
    WatchReloader(const cli::Options& opts, env::EnvMap vars, std::vector<std::string> argv, std::string workdir)
        : m_opts(opts), m_vars(std::move(vars)), m_argv(std::move(argv)), m_workdir(std::move(workdir)) {}

    std::vector<process::WatchTarget> targets() override {
        return source::watch_targets(m_opts, environ, m_vars);
    }

    std::optional<process::Launch> reload(const process::Launch& current) override {
        auto p = prepare(m_opts);
        if (check::has_errors(p.findings)) {
            log_findings(p.findings);
            spdlog::error("--watch: the changed configuration fails its checks; keeping the running child");
            return std::nullopt;
        }
        auto next = make_launch(m_opts, p, m_argv, m_workdir);
        if (next.envp == current.envp) {
            spdlog::debug("--watch: a source changed, the child's environment did not");
            return std::nullopt;
        }
        log_findings(p.findings);
        spdlog::info("--watch: changed keys: {}", changed_keys(m_vars, p.vars));
        m_vars = std::move(p.vars);
        return next;
    }

private:
    const cli::Options& m_opts;
    env::EnvMap m_vars;
    std::vector<std::string> m_argv;
    std::string m_workdir;
};

}  // namespace

bool supervise_mode(const cli::Options& opts) {
    const bool needs = opts.watch || opts.mask_output;
    if (needs && opts.init == false) {
        throw launcher_error("--watch and --mask-output need supervise mode; --no-init execs the command instead");
    }
    return opts.init.value_or(::getpid() == 1 || needs);
}

int supervise(const cli::Options& opts, Prepared prepared, const std::vector<std::string>& argv,
              const std::string& workdir) {
    const auto first = make_launch(opts, prepared, argv, workdir);
    process::SupervisorOptions so;
    so.stop_timeout = std::chrono::seconds(opts.stop_timeout);
    so.mask_output = opts.mask_output;
    // The launcher stays resident: hand back what resolving freed (app.cpp's mallopt keeps freed
    // memory for the exec path, which never returns; reloads reuse the heap up to their peak).
    ::malloc_trim(0);
    if (!opts.watch) {
        return process::supervise(first, so, nullptr);
    }
    WatchReloader reloader(opts, std::move(prepared.vars), argv, workdir);
    return process::supervise(first, so, &reloader);
}

}  // namespace dgl::cmd
