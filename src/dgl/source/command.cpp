// Secrets commands as a source (contract.md §3, layer 4): --from-cmd (stdout is dotenv) and
// --from-cmd-json (stdout is a flat JSON object of strings), run through /bin/sh -c.
#include "dgl/source/command.hpp"

#include "dgl/errors.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dgl::source {

namespace asio = boost::asio;
namespace bp = boost::process::v2;

namespace {

/// Boost.Process initializer, run in the child between fork and exec: a process group of its
/// own, so that a timeout kills the shell and everything it started; and SIGKILL when the
/// launcher dies first, so that an interrupted launch leaves no shell behind.
struct own_process_group {
    pid_t parent = ::getpid();

    template <typename Launcher>
    bp::error_code on_exec_setup(Launcher& /*launcher*/, const bp::filesystem::path& /*exe*/,
                                 const char* const* /*argv*/) const {
        if (::setpgid(0, 0) != 0) {
            return {errno, bp::system_category()};
        }
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);  // the launcher died before prctl took effect
        }
        return {};
    }
};

std::string signal_name(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    return std::to_string(sig) + (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : std::string());
}

/// "exit status 3" / "signal 9 (SIGKILL)" from a waitpid status.
std::string describe_status(int status) {
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        std::string out = "failed with exit status " + std::to_string(code);
        if (code == 127) {
            out += " (the shell did not find the command)";
        } else if (code == 126) {
            out += " (the command is not executable)";
        }
        return out;
    }
    if (WIFSIGNALED(status)) {
        return "was killed by signal " + signal_name(WTERMSIG(status));
    }
    return "ended with wait status " + std::to_string(status);
}

std::string seconds_text(std::chrono::seconds s) { return std::to_string(s.count()) + " s"; }

void check_variable(const std::string& key, const std::string& value, const std::string& name,
                    const std::string& place) {
    if (key.empty() || key.find('=') != std::string::npos || key.find('\0') != std::string::npos) {
        throw launcher_error(name + ": " + place + " names a variable that cannot exist (empty, or holding '=' or NUL)");
    }
    if (value.find('\0') != std::string::npos) {
        throw launcher_error(name + ": the value of " + key + " holds a NUL byte, which no environment variable can");
    }
}

}  // namespace

std::string capture_command(const std::string& command, const std::string& name, std::chrono::seconds timeout,
                            std::size_t limit) {
    asio::io_context ctx;
    asio::readable_pipe out_pipe{ctx};
    std::optional<bp::process> proc;
    try {
        proc.emplace(ctx, bp::filesystem::path("/bin/sh"), std::vector<std::string>{"-c", command},
                     bp::process_stdio{nullptr, out_pipe, {}}, own_process_group{});
    } catch (const std::exception& e) {
        throw launcher_error(name + " could not be started: " + e.what());
    }
    const pid_t group = proc->id();
    spdlog::debug("{}: started as process group {}", name, group);

    std::string out;
    bool read_done = false;
    bool exited = false;
    bool timed_out = false;
    bool stragglers = false;  // at the timeout the shell had exited, but its stdout was still open
    bool too_large = false;
    bp::error_code read_error;
    asio::steady_timer timer{ctx, timeout};
    auto finish_if_done = [&] {
        if (read_done && exited) {
            timer.cancel();
        }
    };
    asio::async_read(out_pipe, asio::dynamic_buffer(out, limit + 1), [&](const bp::error_code& ec, std::size_t) {
        read_done = true;
        if (out.size() > limit) {
            too_large = true;
            ::kill(-group, SIGKILL);
        } else if (ec && ec != asio::error::eof && ec != asio::error::operation_aborted) {
            read_error = ec;
        }
        finish_if_done();
    });
    proc->async_wait([&](const bp::error_code& /*ec*/, int /*code*/) {
        exited = true;
        finish_if_done();
    });
    timer.async_wait([&](const bp::error_code& ec) {
        if (ec) {
            return;  // cancelled: the command finished in time
        }
        timed_out = true;
        stragglers = exited && !read_done;
        ::kill(-group, SIGKILL);
        // A process that left the group may still hold the pipe: stop reading regardless.
        bp::error_code ignored;
        out_pipe.close(ignored);
    });
    ctx.run();

    if (timed_out) {
        if (stragglers) {
            throw launcher_error(name + " exited, but a process it started kept its stdout open past the timeout of " +
                                 seconds_text(timeout) + "; its process group was killed");
        }
        throw launcher_error(name + " timed out after " + seconds_text(timeout) +
                             "; it was killed with its process group (see --from-cmd-timeout)");
    }
    if (too_large) {
        const std::string size = limit % (1024U * 1024U) == 0 ? std::to_string(limit / (1024U * 1024U)) + " MiB"
                                                               : std::to_string(limit) + " bytes";
        throw launcher_error(name + " printed more than " + size +
                             " on stdout; it was killed with its process group");
    }
    if (read_error) {
        throw launcher_error(name + ": cannot read its stdout: " + read_error.message());
    }
    const int status = proc->native_exit_code();
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        throw launcher_error(name + " " + describe_status(status) + "; its output was not used");
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_command_dotenv(std::string_view text, dotenv::Dialect dialect,
                                                                      const std::string& name) {
    // Only earlier keys of the same output are seen by ${VAR}: nothing from outside.
    auto nothing = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    dotenv::ParseResult parsed;
    std::vector<dotenv::Binding> bindings;
    const char* dialect_name = "python-dotenv";
    if (dialect == dotenv::Dialect::compose) {
        dialect_name = "compose";
        parsed = dotenv::parse_compose(text, nothing);
        bindings = parsed.bindings;
    } else {
        parsed = dotenv::parse_python(text);
        bindings = dotenv::resolve_python(parsed.bindings, nothing, true);
    }
    if (!parsed.issues.empty()) {
        const auto& issue = parsed.issues.front();
        throw launcher_error(name + " printed output that does not parse as dotenv (" + dialect_name + "): line " +
                             std::to_string(issue.line) + ", column " + std::to_string(issue.col) + ": " +
                             issue.kind + "; its output was not used");
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& b : bindings) {
        if (!b.value) {
            continue;  // a bare KEY line sets nothing
        }
        check_variable(b.key, *b.value, name, "line " + std::to_string(b.line));
        out.emplace_back(b.key, *b.value);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_command_json(std::string_view text, const std::string& name) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(text, ec);
    if (ec) {
        throw launcher_error(name + " printed output that is not valid JSON (" + ec.message() + ")");
    }
    if (!doc.is_object()) {
        throw launcher_error(name + " printed JSON that is not an object; --from-cmd-json needs {\"KEY\": \"value\", ...}");
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& member : doc.as_object()) {
        const std::string key(member.key());
        if (!member.value().is_string()) {
            const auto kind = member.value().kind();
            const char* what = kind == boost::json::kind::object  ? "an object"
                               : kind == boost::json::kind::array ? "an array"
                               : kind == boost::json::kind::null  ? "null"
                               : kind == boost::json::kind::bool_ ? "a boolean"
                                                                  : "a number";
            throw launcher_error(name + " printed JSON that is not a flat object of strings: the value of " +
                                 (key.find('\0') == std::string::npos ? key : std::string("a key")) + " is " + what);
        }
        const std::string value(member.value().as_string());
        check_variable(key, value, name, "a JSON key");
        out.emplace_back(key, value);
    }
    return out;
}

std::vector<env::Candidate> read_command(const cli::SecretsCommand& cmd, int index, std::chrono::seconds timeout,
                                         dotenv::Dialect dialect) {
    const std::string name = "command #" + std::to_string(index);
    const std::string text = capture_command(cmd.command, name, timeout);
    const auto vars = cmd.json ? parse_command_json(text, name) : parse_command_dotenv(text, dialect, name);
    std::vector<env::Candidate> out;
    out.reserve(vars.size());
    int seq = 0;
    for (const auto& [key, value] : vars) {
        out.push_back({key, value, {env::Layer::command, name, index, ++seq}});  // the last line wins
    }
    spdlog::debug("{}: {} variable(s)", name, out.size());
    return out;
}

}  // namespace dgl::source
