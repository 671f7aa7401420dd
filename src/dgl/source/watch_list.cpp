// --watch: every place a source of the child's environment is read from, as inotify targets.
// It follows the same rules as gather.cpp (which files, which discovery) without reading them.
#include "dgl/source/watch_list.hpp"

#include "dgl/source/dotenv_file.hpp"
#include "dgl/source/gather.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <filesystem>

namespace dgl::source {

namespace {

void add(std::vector<process::WatchTarget>& out, const std::string& path, bool directory) {
    if (path.empty()) {
        return;
    }
    const process::WatchTarget t{path, directory};
    if (std::none_of(out.begin(), out.end(),
                     [&](const auto& o) { return o.path == t.path && o.directory == t.directory; })) {
        out.push_back(t);
    }
}

bool is_file_key(const std::string& key) { return key.size() > 5 && key.ends_with("_FILE"); }

}  // namespace

std::vector<process::WatchTarget> watch_targets(const cli::Options& opts, const char* const* environ,
                                                const env::EnvMap& vars) {
    std::vector<process::WatchTarget> out;
    for (const auto& spec : opts.env_files) {
        add(out, spec.starts_with('?') ? spec.substr(1) : spec, false);
    }
    const auto process = process_environment(environ);
    bool docker = false;
    for (const auto& c : process) {
        if (c.key == "DOCKER_CONTEXT") {
            docker = util::parse_bool(c.value).value_or(false);
        }
        if (c.key == "CREDENTIALS_DIRECTORY") {
            add(out, c.value, true);
        }
        if (is_file_key(c.key)) {
            add(out, c.value, false);
        }
    }
    if (opts.env_files.empty() && !opts.no_dotenv && !docker) {
        std::error_code ec;
        const auto cwd = std::filesystem::current_path(ec);
        if (auto found = ec ? std::nullopt : discover_dotenv(cwd)) {
            add(out, *found, false);
        } else if (!ec) {
            add(out, (cwd / ".env").string(), false);  // a .env created later is a change too
        }
    }
    for (const auto& dir : opts.secrets_dirs) {
        add(out, dir, true);
    }
    // A value read from a KEY_FILE target names its place "file PATH" (contract.md §4); a
    // KEY_FILE still present (not indirected) names its target by value.
    auto from_origin = [&](const env::Origin& o) {
        if (o.layer == env::Layer::secret_file && o.where.starts_with("file ")) {
            add(out, std::string(o.where.name().substr(5)), false);
        }
    };
    for (const auto& [key, v] : vars) {
        if (is_file_key(key)) {
            add(out, v.value, false);
        }
        from_origin(v.origin);
        for (const auto& c : v.shadowed) {
            if (is_file_key(c.key)) {
                add(out, c.value, false);
            }
            from_origin(c.origin);
        }
    }
    return out;
}

}  // namespace dgl::source
