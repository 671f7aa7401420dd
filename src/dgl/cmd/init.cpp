// `init`: write a fresh dev .env (mode 0600, never over an existing file without --force, and
// then with a backup). It prints secrets only when the user asks for stdout (`--output -`).
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/init_env.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/private_file.hpp"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <iostream>

namespace dgl::cmd {

int init(const cli::Options& opts) {
    const auto& providers = storage_providers();
    if (std::find(providers.begin(), providers.end(), opts.provider) == providers.end()) {
        throw launcher_error("--provider must be minio, aws, gcp or azure");
    }
    const std::string text = dev_env_text(opts.provider, host_os());
    const std::string out = opts.output.empty() ? ".env" : opts.output;
    if (out == "-") {
        std::cout << text << std::flush;
        return to_int(ExitCode::ok);
    }
    struct stat st {};
    if (!opts.force && ::lstat(out.c_str(), &st) == 0) {
        throw launcher_error(out + " already exists; not overwritten (--force replaces it and keeps a backup)");
    }
    const std::string backup = util::write_private_file(out, text, opts.force);
    if (!backup.empty()) {
        spdlog::info("kept the previous {} as {}", out, backup);
    }
    spdlog::info("wrote {} (mode 0600, storage provider {})", out, opts.provider);
    for (const auto& key : keys_to_fill_in(opts.provider)) {
        spdlog::warn("fill in {} in {} before starting Diffgram", key, out);
    }
    return to_int(ExitCode::ok);
}

}  // namespace dgl::cmd
