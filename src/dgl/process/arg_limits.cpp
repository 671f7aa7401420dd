// ARG_MAX and MAX_ARG_STRLEN checked before execve: execve reports both as E2BIG, after the
// launcher has already committed to the exec; checking first gives a message that names the key.
#include "dgl/process/arg_limits.hpp"

#include "dgl/errors.hpp"
#include "dgl/limits.hpp"

#include <algorithm>
#include <climits>
#include <unistd.h>

namespace dgl::process {

namespace {

// Room for what execve adds on its own: the file name it copies (up to PATH_MAX) and a script's
// interpreter line arguments, so that a total just under the limit cannot fail anyway.
constexpr std::size_t k_headroom = PATH_MAX + 256;

std::string key_of(std::string_view entry) { return std::string(entry.substr(0, entry.find('='))); }

}  // namespace

std::size_t exec_arg_bytes(const std::vector<std::string>& argv, const env::ChildEnv& envp) {
    std::size_t total = 0;
    for (const auto& s : argv) {
        total += s.size() + 1 + sizeof(char*);
    }
    for (std::size_t i = 0; i < envp.size(); ++i) {
        total += envp[i].size() + 1 + sizeof(char*);
    }
    return total;
}

std::size_t exec_arg_limit() {
    const long sys = ::sysconf(_SC_ARG_MAX);
    const std::size_t limit = sys > 0 ? static_cast<std::size_t>(sys) : limits::k_max_arg_strlen;
    return std::min(limit, limits::k_max_arg_total);
}

void check_arg_limits(const std::vector<std::string>& argv, const env::ChildEnv& envp) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i].size() + 1 > limits::k_max_arg_strlen) {
            throw launcher_error("argument #" + std::to_string(i) + " of the command is " +
                                 std::to_string(argv[i].size()) + " bytes long; the kernel refuses any argument over " +
                                 std::to_string(limits::k_max_arg_strlen - 1) + " bytes (MAX_ARG_STRLEN)");
        }
    }
    for (std::size_t i = 0; i < envp.size(); ++i) {
        const std::string_view e = envp[i];
        if (e.size() + 1 > limits::k_max_arg_strlen) {
            throw launcher_error("the variable " + key_of(e) + " is " + std::to_string(e.size()) +
                                 " bytes long as KEY=VALUE; the kernel refuses any variable over " +
                                 std::to_string(limits::k_max_arg_strlen - 1) +
                                 " bytes (MAX_ARG_STRLEN): pass it as a file (KEY_FILE) instead");
        }
    }
    const std::size_t total = exec_arg_bytes(argv, envp) + k_headroom;
    const std::size_t limit = exec_arg_limit();
    if (total > limit) {
        std::vector<std::string_view> largest;
        for (std::size_t i = 0; i < envp.size(); ++i) {
            largest.push_back(envp[i]);
        }
        const auto n = std::min<std::size_t>(3, largest.size());
        std::partial_sort(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(n), largest.end(),
                          [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
        std::string names;
        for (std::size_t i = 0; i < n; ++i) {
            names += (i == 0 ? "" : ", ") + key_of(largest[i]) + " (" + std::to_string(largest[i].size()) + " bytes)";
        }
        throw launcher_error("the command's arguments and environment (" + std::to_string(envp.size()) +
                             " variables) take " + std::to_string(total) + " bytes, more than the kernel's limit of " +
                             std::to_string(limit) + " bytes (ARG_MAX); the largest variables: " + names);
    }
}

}  // namespace dgl::process
