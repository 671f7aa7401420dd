// Builds the precedence inputs from the command line and the process environment: which files,
// directories and commands are read, in which order. No decision about who wins is made here.
#include "dgl/source/gather.hpp"

#include "dgl/errors.hpp"
#include "dgl/source/command.hpp"
#include "dgl/source/secret_files.hpp"
#include "dgl/util/strings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace dgl::source {

std::vector<env::Candidate> process_environment(const char* const* environ) {
    std::vector<env::Candidate> out;
    for (const char* const* e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            continue;  // not a variable; execve would pass it, but nothing can read it
        }
        std::string key(entry.substr(0, eq));
        if (key.starts_with("DIFFGRAM_LAUNCH_")) {
            continue;
        }
        out.push_back({std::move(key), std::string(entry.substr(eq + 1)),
                       {env::Layer::process_env, "process environment", 0}});
    }
    return out;
}

env::Inputs gather(const cli::Options& opts, const char* const* environ) {
    env::Inputs in;
    in.override_env = opts.override_env;
    in.allow_unsafe = opts.allow_unsafe;
    in.dialect = opts.dialect;

    // Layer 1: --set KEY=VALUE, later wins.
    int order = 0;
    for (const auto& s : opts.sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw launcher_error("--set needs KEY=VALUE");
        }
        in.sets.push_back({s.substr(0, eq), s.substr(eq + 1), {env::Layer::cli_set, "--set", order++}});
    }

    // Layer 2: the process environment, unless --pristine (then only --keep names).
    auto process = process_environment(environ);
    const auto process_all = process;
    const auto dc = std::find_if(process.begin(), process.end(),
                                 [](const env::Candidate& c) { return c.key == "DOCKER_CONTEXT"; });
    const bool docker = dc != process.end() && util::parse_bool(dc->value).value_or(false);
    if (opts.pristine) {
        std::erase_if(process, [&](const env::Candidate& c) {
            return std::find(opts.keep.begin(), opts.keep.end(), c.key) == opts.keep.end();
        });
    }

    // Layer 3: secret directories. $CREDENTIALS_DIRECTORY (systemd LoadCredential=) comes from the
    // real process environment, even with --pristine: it is the unit's configuration, not an
    // inherited value. Then --secrets-dir in command-line order.
    int secret_order = 0;  // $CREDENTIALS_DIRECTORY 0, --secrets-dir 1..n, KEY_FILE files after them
    const auto creds = std::find_if(process_all.begin(), process_all.end(),
                                    [](const env::Candidate& c) { return c.key == "CREDENTIALS_DIRECTORY"; });
    if (creds != process_all.end() && !creds->value.empty()) {
        for (auto& c : read_secrets_dir(creds->value, "$CREDENTIALS_DIRECTORY", secret_order)) {
            in.secret_files.push_back(std::move(c));
        }
    }
    for (const auto& dir : opts.secrets_dirs) {
        for (auto& c : read_secrets_dir(dir, "secrets dir " + dir, ++secret_order)) {
            in.secret_files.push_back(std::move(c));
        }
    }

    // Layer 4: secrets commands, in command-line order (--from-cmd and --from-cmd-json together).
    for (size_t i = 0; i < opts.commands.size(); ++i) {
        for (auto& c : read_command(opts.commands[i], static_cast<int>(i) + 1,
                                    std::chrono::seconds(opts.from_cmd_timeout), opts.dialect)) {
            in.commands.push_back(std::move(c));
        }
    }

    // Layer 5: .env files. Auto-discovery only in dev: not with --env-file or --no-dotenv, and not
    // when the real process environment says DOCKER_CONTEXT is true (as Diffgram's settings.py).
    order = 0;
    for (const auto& spec : opts.env_files) {
        if (auto f = read_dotenv_file(spec, order++)) {
            in.dotenv_files.push_back(std::move(*f));
        } else {
            spdlog::debug("optional .env file {} does not exist; skipped", spec.substr(1));
        }
    }
    if (opts.env_files.empty() && !opts.no_dotenv) {
        std::error_code ec;
        const auto cwd = std::filesystem::current_path(ec);
        if (docker) {
            spdlog::debug("DOCKER_CONTEXT is true: no .env auto-discovery");
        } else if (auto found = ec ? std::nullopt : discover_dotenv(cwd)) {
            spdlog::debug("auto-discovered .env file {}", *found);
            if (auto f = read_dotenv_file(*found, 0)) {
                in.dotenv_files.push_back(std::move(*f));
            }
        }
    }
    in.process = std::move(process);

    // Layer 3 again: KEY_FILE indirections, once every source that may set a KEY_FILE is known.
    add_file_indirections(in, secret_order + 1);
    return in;
}

}  // namespace dgl::source
