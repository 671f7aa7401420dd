// .env files as a source: locating (auto-discovery), reading with limits, never writing.
#include "dgl/source/dotenv_file.hpp"

#include "dgl/errors.hpp"
#include "dgl/source/text_limits.hpp"
#include "dgl/util/files.hpp"

#include <cerrno>
#include <sys/stat.h>

namespace dgl::source {

std::optional<DotenvFile> read_dotenv_file(const std::string& spec, int order) {
    const bool optional = !spec.empty() && spec[0] == '?';
    const std::string path = optional ? spec.substr(1) : spec;
    if (path.empty()) {
        throw launcher_error("--env-file needs a file name");
    }
    if (optional) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) {
            return std::nullopt;
        }
    }
    auto text = util::read_file_limited(path, k_max_dotenv_bytes, ".env file");
    check_dotenv_text(text, ".env file " + path);
    return DotenvFile{path, std::move(text), order};
}

std::optional<std::string> discover_dotenv(const std::filesystem::path& start) {
    std::error_code ec;
    for (auto dir = start; !dir.empty(); dir = dir.parent_path()) {
        const auto candidate = dir / ".env";
        if (std::filesystem::is_regular_file(candidate, ec)) {
            return candidate.string();
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return std::nullopt;
}

}  // namespace dgl::source
