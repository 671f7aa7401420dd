// Supervise mode's child start: Boost.Process v2's posix launcher, its own process group and an
// explicit environment. A blocked mask or ignored disposition survives exec, so the child clears
// both between fork and exec (ChildSetup::on_exec_setup).
#include "dgl/process/spawn.hpp"

#include "dgl/errors.hpp"
#include "dgl/process/signals.hpp"
#include "dgl/util/strings.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace bp = boost::process::v2;

namespace dgl::process {

namespace {

// glibc's execvp default when PATH is unset.
constexpr const char* k_default_path = "/bin:/usr/bin";

/// Runs in the forked child, before exec: async-signal-safe calls only.
struct ChildSetup {
    bool take_terminal = false;
    const char* workdir = nullptr;

    bp::error_code on_exec_setup(bp::posix::default_launcher& /*launcher*/, const bp::filesystem::path& /*exe*/,
                                 const char* const* /*argv*/) const {
        if (::setpgid(0, 0) != 0) {
            return {errno, bp::system_category()};
        }
        if (take_terminal) {
            // A background group may only take the terminal with SIGTTOU ignored; it is reset below.
            ::signal(SIGTTOU, SIG_IGN);
            ::tcsetpgrp(STDIN_FILENO, ::getpid());
        }
        reset_signals_for_exec();
        if (workdir != nullptr && ::chdir(workdir) != 0) {
            return {errno, bp::system_category()};
        }
        return {};
    }
};

std::string child_path(const env::ChildEnv& envp) { return std::string(envp.find("PATH").value_or(k_default_path)); }

bool executable_file(const std::string& file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(file.c_str(), X_OK) == 0;
}

std::vector<const char*> c_array(const std::vector<std::string>& v) {
    std::vector<const char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) {
        out.push_back(s.c_str());
    }
    out.push_back(nullptr);
    return out;
}

pid_t launch(const std::string& program, const std::vector<std::string>& argv, const SpawnSpec& spec,
             const std::vector<char*>& env, bp::error_code& ec) {
    // A `const char**` argument list is used as the whole argv, argv[0] included: the child sees
    // the name the user gave, as with execvp, not the resolved path.
    auto args = c_array(argv);
    boost::asio::io_context ctx;
    bp::posix::default_launcher launcher;
    launcher.env = env.data();
    const ChildSetup setup{spec.take_terminal, spec.workdir.empty() ? nullptr : spec.workdir.c_str()};
    // Default bindings keep the launcher's own descriptor (dup2 onto itself).
    bp::process_stdio stdio{{}, {}, {}};
    if (spec.stdout_fd >= 0) {
        stdio.out = spec.stdout_fd;
    }
    if (spec.stderr_fd >= 0) {
        stdio.err = spec.stderr_fd;
    }
    try {
        // The executor overload: in 1.81 the execution-context overload taking an error_code
        // forwards to the throwing one, so an exec failure would surface as an exception.
        auto proc = launcher(ctx.get_executor(), ec, bp::filesystem::path(program), args.data(), setup, stdio);
        if (ec) {
            return -1;
        }
        // The supervisor reaps every child itself (waitpid(-1)); the handle must not kill or wait.
        const pid_t pid = proc.id();
        proc.detach();
        return pid;
    } catch (const std::exception&) {
        // Only the handle (pidfd) failed, after the fork: the child runs and is ours to reap.
        if (launcher.pid > 0) {
            return launcher.pid;
        }
        throw;
    }
}

}  // namespace

std::string resolve_program(const std::string& command, const env::ChildEnv& envp) {
    if (command.empty()) {
        throw Error(ExitCode::not_found, "command not found: '' (an empty command name)");  // as env(1): 127
    }
    if (command.find('/') != std::string::npos) {
        if (executable_file(command)) {
            return command;
        }
        std::error_code ec;
        const bool exists = std::filesystem::exists(command, ec);
        throw Error(exists ? ExitCode::not_executable : ExitCode::not_found,
                    (exists ? "cannot execute " : "command not found: ") + command);
    }
    bool exists = false;
    for (const auto& dir : util::split(child_path(envp), ':')) {
        const std::string file = (dir.empty() ? std::string(".") : dir) + "/" + command;
        if (executable_file(file)) {
            return file;
        }
        std::error_code ec;
        exists = exists || std::filesystem::exists(file, ec);
    }
    if (exists) {
        throw Error(ExitCode::not_executable, "cannot execute " + command + ": permission denied");
    }
    throw Error(ExitCode::not_found, "command not found: " + command);
}

pid_t spawn(const SpawnSpec& spec) {
    if (spec.argv.empty()) {
        throw launcher_error("no command to run");
    }
    if (!spec.workdir.empty() && !std::filesystem::is_directory(spec.workdir)) {
        throw launcher_error("cannot enter directory " + spec.workdir + " (the service's working directory)");
    }
    const std::string program = resolve_program(spec.argv[0], spec.envp);
    const auto env = spec.envp.pointers();
    bp::error_code ec;
    pid_t pid = launch(program, spec.argv, spec, env, ec);
    if (ec.value() == ENOEXEC) {
        // execvp runs a file without a #! line with /bin/sh; so does the launcher.
        std::vector<std::string> sh{"/bin/sh", program};
        sh.insert(sh.end(), spec.argv.begin() + 1, spec.argv.end());
        pid = launch("/bin/sh", sh, spec, env, ec);
    }
    if (ec) {
        const int err = ec.value();
        throw Error(err == ENOENT || err == ENOTDIR ? ExitCode::not_found : ExitCode::not_executable,
                    "cannot execute " + spec.argv[0] + ": " + std::strerror(err));
    }
    return pid;
}

}  // namespace dgl::process
