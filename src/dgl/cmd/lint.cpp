// `lint FILE...`: read each file with both dialects and report where they differ (exit 0 when they
// agree and nothing is invalid, 1 otherwise, 125 for an unreadable file); `--fix` rewrites.
#include "dgl/cmd/commands.hpp"

#include "dgl/errors.hpp"
#include "dgl/lint/analyse.hpp"
#include "dgl/lint/rewrite.hpp"
#include "dgl/report/lint.hpp"
#include "dgl/source/dotenv_file.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/replace_file.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sys/stat.h>

extern char** environ;  // NOLINT: POSIX

namespace dgl::cmd {
namespace {

/// The process environment, the one lookup both readers get (see README "Two readers: lint").
std::map<std::string, std::string, std::less<>> process_environment() {
    std::map<std::string, std::string, std::less<>> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string_view::npos) {
            out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
        }
    }
    return out;
}

struct Input {
    std::string path;
    std::string text;
    struct stat st {};
};

Input read_input(const std::string& path) {
    Input in{path, util::read_file_limited(path, source::k_max_dotenv_bytes, ".env file"), {}};
    (void)::stat(path.c_str(), &in.st);
    return in;
}

bool clean(const lint::Analysis& a) { return std::none_of(a.items.begin(), a.items.end(), lint::counts); }

/// Writes one fixed file (a new --output file, or in place with a backup), after reading the
/// written bytes back from disk with both dialects.
lint::FixOutcome fix_one(const Input& in, const lint::Environment& environment, const cli::Options& opts) {
    if (!S_ISREG(in.st.st_mode)) {
        throw launcher_error("lint --fix needs a regular file: " + in.path);
    }
    const auto before = lint::analyse(in.path, in.text, environment);
    lint::FixOutcome out;
    out.source = in.path;
    out.result = lint::fix(before, environment);
    // In place: the real file behind a symlink is replaced, the symlink stays.
    const std::string target = opts.in_place ? std::filesystem::canonical(in.path).string() : opts.output;
    out.after = lint::analyse(opts.in_place ? in.path : opts.output, out.result.text, environment);
    if (!lint::keeps_meaning(before, out.after, out.result)) {
        throw launcher_error("lint --fix: refusing to write " + target +
                             ": the rewritten text would not keep python-dotenv's reading (please report this)");
    }
    if (opts.in_place && !out.result.changed) {
        return out;
    }
    if (!opts.in_place) {
        struct stat st {};
        if (::lstat(target.c_str(), &st) == 0) {
            throw launcher_error("refusing to overwrite " + target + ": it exists");
        }
    }
    const std::string temp = util::write_temp_beside(target, out.result.text, in.st.st_mode, in.st.st_uid, in.st.st_gid);
    try {
        // The bytes on disk, read again: these are what python-dotenv and compose will read.
        const std::string written = util::read_file_limited(temp, source::k_max_dotenv_bytes, "rewritten file");
        const auto reread = lint::analyse(opts.in_place ? in.path : opts.output, written, environment);
        if (written != out.result.text || !lint::keeps_meaning(before, reread, out.result)) {
            throw launcher_error("lint --fix: refusing to write " + target +
                                 ": the file read back differs from what was meant to be written");
        }
    } catch (...) {
        util::discard(temp);
        throw;
    }
    if (opts.in_place) {
        out.backup = util::replace_keeping_backup(temp, target);
        out.written = in.path;
    } else {
        util::publish_new(temp, target);
        out.written = target;
    }
    return out;
}

}  // namespace

int lint(const cli::Options& opts) {
    const std::string format = opts.format.empty() ? "text" : opts.format;
    if (format != "text" && format != "json") {
        throw launcher_error("lint --format must be text or json");
    }
    if (opts.positional.empty()) {
        throw launcher_error("lint needs at least one FILE (usage: diffgram-launch lint [--format text|json] FILE...)");
    }
    if (!opts.fix && (opts.in_place || !opts.output.empty())) {
        throw launcher_error("--in-place and --output go with lint --fix");
    }
    if (opts.fix && opts.in_place == !opts.output.empty()) {
        throw launcher_error("lint --fix needs either --in-place or --output FILE (it never prints a file: it may hold secrets)");
    }
    if (opts.fix && opts.output == "-") {
        throw launcher_error("lint --fix does not write to standard output (the file may hold secrets): give --output FILE");
    }
    if (opts.fix && !opts.output.empty() && opts.positional.size() != 1) {
        throw launcher_error("lint --fix --output FILE takes exactly one input file");
    }

    const auto env = process_environment();
    const lint::Environment environment = [&env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    // Every file is read before anything is reported or written: an unreadable one stops it all (125).
    std::vector<Input> inputs;
    inputs.reserve(opts.positional.size());
    for (const auto& path : opts.positional) {
        inputs.push_back(read_input(path));
    }

    if (!opts.fix) {
        std::vector<lint::Analysis> analyses;
        for (const auto& in : inputs) {
            analyses.push_back(lint::analyse(in.path, in.text, environment));
        }
        std::cout << (format == "json" ? report::lint_json(analyses) : report::lint_text(analyses));
        const bool ok = std::all_of(analyses.begin(), analyses.end(), clean);
        return to_int(ok ? ExitCode::ok : ExitCode::lint_differs);
    }

    std::vector<lint::FixOutcome> outcomes;
    for (const auto& in : inputs) {
        outcomes.push_back(fix_one(in, environment, opts));
    }
    std::cout << (format == "json" ? report::lint_fix_json(outcomes) : report::lint_fix_text(outcomes));
    const bool ok = std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return clean(o.after); });
    return to_int(ok ? ExitCode::ok : ExitCode::lint_differs);
}

}  // namespace dgl::cmd
