// Exec mode: replace the launcher with COMMAND (same PID), environment given explicitly.
#include "dgl/process/exec.hpp"

#include "dgl/errors.hpp"
#include "dgl/process/arg_limits.hpp"
#include "dgl/util/strings.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace dgl::process {

namespace {

// glibc's execvp default when PATH is unset (confstr _CS_PATH is "/bin:/usr/bin").
constexpr const char* k_default_path = "/bin:/usr/bin";

std::vector<char*> c_array(const std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) {
        out.push_back(const_cast<char*>(s.c_str()));  // execve's signature predates const
    }
    out.push_back(nullptr);
    return out;
}

/// One execve attempt; on ENOEXEC run the file with /bin/sh as execvp does.
int try_exec(const std::string& file, const std::vector<std::string>& argv, char* const* envp) {
    auto args = c_array(argv);
    ::execve(file.c_str(), args.data(), envp);
    const int err = errno;
    if (err == ENOEXEC) {
        std::vector<std::string> sh{"/bin/sh", file};
        sh.insert(sh.end(), argv.begin() + 1, argv.end());
        auto sh_args = c_array(sh);
        ::execve("/bin/sh", sh_args.data(), envp);
    }
    return err;
}

}  // namespace

std::string find_program(const std::string& command, const std::string* path_value) {
    if (command.find('/') != std::string::npos) {
        return ::access(command.c_str(), X_OK) == 0 ? command : std::string();
    }
    const std::string path = path_value != nullptr ? *path_value : k_default_path;
    for (const auto& dir : util::split(path, ':')) {
        const std::string file = (dir.empty() ? std::string(".") : dir) + "/" + command;
        if (::access(file.c_str(), X_OK) == 0) {
            return file;
        }
    }
    return {};
}

void exec(const std::vector<std::string>& argv, const env::ChildEnv& envp) {
    if (argv.empty()) {
        throw launcher_error("no command to run");
    }
    if (argv[0].empty()) {
        throw Error(ExitCode::not_found, "command not found: '' (an empty command name)");  // as env(1): 127
    }
    check_arg_limits(argv, envp);  // E2BIG would otherwise surface as "not executable" (126)
    auto env = envp.pointers();
    const std::string& command = argv[0];
    if (command.find('/') != std::string::npos) {
        const int err = try_exec(command, argv, env.data());
        throw Error(err == ENOENT || err == ENOTDIR ? ExitCode::not_found : ExitCode::not_executable,
                    "cannot execute " + command + ": " + std::strerror(err));
    }
    const std::string path(envp.find("PATH").value_or(k_default_path));
    int found_err = 0;  // the first error of a candidate that exists, as execvp reports EACCES
    for (const auto& dir : util::split(path, ':')) {
        const std::string file = (dir.empty() ? std::string(".") : dir) + "/" + command;
        const int err = try_exec(file, argv, env.data());
        if (err != ENOENT && err != ENOTDIR && found_err == 0) {
            found_err = err;
        }
    }
    if (found_err != 0) {
        throw Error(ExitCode::not_executable, "cannot execute " + command + ": " + std::strerror(found_err));
    }
    throw Error(ExitCode::not_found, "command not found: " + command);
}

}  // namespace dgl::process
