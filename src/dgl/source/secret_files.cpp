// Secret files as a source (contract.md §3, layer 3): KEY_FILE=/path indirection, --secrets-dir
// directories (Docker /run/secrets, Kubernetes Secret volumes) and $CREDENTIALS_DIRECTORY.
#include "dgl/source/secret_files.hpp"

#include "dgl/catalog/catalog.hpp"
#include "dgl/redact/redact.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace dgl::source {

namespace {

constexpr std::string_view k_file_suffix = "_FILE";

// Variables ending in _FILE that programs read as paths themselves. Indirecting them would break
// the child: AWS_WEB_IDENTITY_TOKEN_FILE (EKS) and AZURE_FEDERATED_TOKEN_FILE (AKS) name a token
// the SDK re-reads when it rotates; the others name configuration files or CA bundles.
constexpr std::array<std::string_view, 10> k_passthrough{
    "SSL_CERT_FILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AZURE_FEDERATED_TOKEN_FILE",
    "PIP_CONFIG_FILE",
    "COMPOSE_FILE",
    "TF_CLI_CONFIG_FILE",
    "GIT_CONFIG_FILE",
};

std::string errno_text(int err) { return std::strerror(err); }

/// stat() that follows symlinks, with a message a user can act on.
struct stat stat_or_throw(const std::string& path, const std::string& what, const std::string& context) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        return st;
    }
    const int err = errno;
    std::string reason;
    if (err == ENOENT) {
        // A dangling symlink (a Kubernetes volume caught mid-update, a removed target) lands here too.
        reason = "does not exist";
    } else if (err == ELOOP) {
        reason = "is a symlink loop (or points at itself)";
    } else {
        reason = errno_text(err);
    }
    throw launcher_error(what + " " + path + " " + reason + " (" + context + ")");
}

/// Removes every trailing newline, as the shell's $(< file) does: "\n" and "\r\n", not a lone "\r".
void strip_trailing_newlines(std::string& s) {
    while (!s.empty() && s.back() == '\n') {
        s.pop_back();
        if (!s.empty() && s.back() == '\r') {
            s.pop_back();
        }
    }
}

}  // namespace

std::string read_secret_file(const std::string& path, const std::string& context) {
    if (path.empty()) {
        throw launcher_error("empty secret file path (" + context + ")");
    }
    // The checks first, for clear messages; read_file_limited then re-checks on its own descriptor.
    const struct stat st = stat_or_throw(path, "secret file", context);
    if (S_ISDIR(st.st_mode)) {
        throw launcher_error("secret file " + path + " is a directory (" + context + ")");
    }
    if (!S_ISREG(st.st_mode)) {
        // A FIFO would block the launcher, a device could be endless: a secret is a regular file.
        throw launcher_error("secret file " + path + " is not a regular file (" + context + ")");
    }
    if (static_cast<std::uintmax_t>(st.st_size) > k_max_secret_bytes) {
        throw launcher_error("secret file " + path + " is larger than 1 MiB (" + context + ")");
    }
    std::string value;
    try {
        value = util::read_file_limited(path, k_max_secret_bytes, "secret file");
    } catch (const Error& e) {
        throw launcher_error(std::string(e.what()) + " (" + context + ")");
    }
    if (value.find('\0') != std::string::npos) {
        throw launcher_error("secret file " + path + " holds a NUL byte, which no environment variable can (" +
                             context + ")");
    }
    strip_trailing_newlines(value);
    return value;
}

std::vector<env::Candidate> read_secrets_dir(const std::string& dir, const std::string& where, int order) {
    const std::string context = where;
    const struct stat st = stat_or_throw(dir, "secrets directory", context);
    if (!S_ISDIR(st.st_mode)) {
        throw launcher_error("secrets directory " + dir + " is not a directory (" + context + ")");
    }
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        throw launcher_error("cannot read secrets directory " + dir + ": " + errno_text(errno) + " (" + context + ")");
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        std::string name(e->d_name);
        // Hidden names: ".", "..", and Kubernetes' "..data" and "..2024_01_01_00_00_00.1234" entries,
        // whose files are reached through the per-key symlinks.
        if (!name.empty() && name[0] != '.') {
            names.push_back(std::move(name));
        }
    }
    const int read_err = errno;
    ::closedir(d);
    if (read_err != 0) {
        throw launcher_error("cannot read secrets directory " + dir + ": " + errno_text(read_err) + " (" + context + ")");
    }
    std::sort(names.begin(), names.end());

    std::vector<env::Candidate> out;
    const std::string prefix = dir.ends_with('/') ? dir : dir + "/";
    const auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; };
    for (const auto& name : names) {
        const std::string path = prefix + name;
        if (name.find('=') != std::string::npos) {
            spdlog::warn("{}: skipped {}: a variable name cannot hold '='", where, path);
            continue;
        }
        if (std::any_of(name.begin(), name.end(), is_control)) {
            // A newline in a name would forge a second line for every line-based reader of the
            // environment (print, systemd, docker --env-file). Shown with '?' for the same reason.
            std::string shown = path;
            std::replace_if(shown.begin(), shown.end(), is_control, '?');
            spdlog::warn("{}: skipped {}: a variable name cannot hold a control character", where, shown);
            continue;
        }
        const struct stat est = stat_or_throw(path, "secret file", context);
        if (S_ISDIR(est.st_mode)) {
            spdlog::warn("{}: skipped {}: a directory is not a variable", where, path);
            continue;
        }
        if (!S_ISREG(est.st_mode)) {
            // "Every regular file in DIR": a FIFO would block the launcher, a device be endless.
            spdlog::warn("{}: skipped {}: not a regular file", where, path);
            continue;
        }
        out.push_back({name, read_secret_file(path, context), {env::Layer::secret_file, where, order}});
    }
    spdlog::debug("{}: {} variable(s)", where, out.size());
    return out;
}

bool is_passthrough_file_key(std::string_view key) {
    return std::find(k_passthrough.begin(), k_passthrough.end(), key) != k_passthrough.end();
}

bool is_file_indirection(std::string_view file_key) {
    if (file_key.size() <= k_file_suffix.size() || !file_key.ends_with(k_file_suffix) ||
        is_passthrough_file_key(file_key) || catalog::secret_class(file_key).has_value()) {
        return false;  // not *_FILE, a known path variable, or a setting the catalog names itself
    }
    // Only for keys that are secrets or Diffgram settings: an inherited NIX_SSL_CERT_FILE or
    // NEW_RELIC_CONFIG_FILE names a file its own program reads, and must reach the child as is.
    const auto key = file_key.substr(0, file_key.size() - k_file_suffix.size());
    return catalog::secret_class(key).has_value() || redact::is_secret_key(key);
}

namespace {

/// Whether `text` may assign a key ending in `_FILE`: the suffix, perhaps a closing quote of a
/// quoted key, blanks, then `=` (or compose's `:`). Neither dialect escapes key characters, so
/// no such key is missed; a value that merely looks like one only costs the slow path. Bytes
/// above ASCII are taken as blanks, for the Unicode spaces both grammars allow there.
bool may_assign_file_key(std::string_view text) {
    for (auto p = text.find(k_file_suffix); p != std::string_view::npos; p = text.find(k_file_suffix, p + 1)) {
        size_t q = p + k_file_suffix.size();
        if (q < text.size() && (text[q] == '\'' || text[q] == '"')) {
            ++q;
        }
        while (q < text.size() && (text[q] == ' ' || text[q] == '\t' || text[q] == '\v' || text[q] == '\f' ||
                                   text[q] == '\r' || static_cast<unsigned char>(text[q]) >= 0x80)) {
            ++q;
        }
        if (q < text.size() && (text[q] == '=' || text[q] == ':')) {
            return true;
        }
    }
    return false;
}

/// Whether any source could hold a KEY_FILE at all: the pre-resolution below parses every .env
/// file a second time, a quarter of a plain launch, and almost no launch has a KEY_FILE.
bool may_hold_indirection(const env::Inputs& in) {
    for (const auto* layer : {&in.sets, &in.process, &in.secret_files, &in.commands}) {
        for (const auto& c : *layer) {
            if (is_file_indirection(c.key)) {
                return true;
            }
        }
    }
    return std::any_of(in.dotenv_files.begin(), in.dotenv_files.end(),
                       [](const DotenvFile& f) { return may_assign_file_key(f.text); });
}

}  // namespace

void add_file_indirections(env::Inputs& in, int first_order) {
    if (!may_hold_indirection(in)) {
        return;
    }
    // Resolve once as things stand: the KEY_FILE that counts is the one that would reach the child.
    const auto pre = env::resolve(in);
    int order = first_order;
    for (const auto& [file_key, var] : pre.vars) {
        if (!is_file_indirection(file_key)) {
            continue;
        }
        const std::string key = file_key.substr(0, file_key.size() - k_file_suffix.size());
        if (key.ends_with(k_file_suffix) && !is_passthrough_file_key(key)) {
            // KEY_FILE_FILE would give KEY_FILE a value read from a file, which would then have to
            // be indirected again: one level only, and never a KEY_FILE in the child.
            throw launcher_error(file_key + " (" + var.origin.where + "): nested _FILE indirection is not supported");
        }
        const std::string& path = var.value;
        const std::string context = file_key + " from " + var.origin.where;
        env::Candidate c{key, read_secret_file(path, context), {env::Layer::secret_file, "file " + path, order}};
        in.file_indirections.push_back({key, file_key, var.origin.where, order});
        in.secret_files.push_back(std::move(c));
        spdlog::debug("{}: read from file {} ({})", key, path, context);
        ++order;
    }
}

}  // namespace dgl::source
