// Writing secret-bearing files: 0600, O_EXCL, backups by link(2), replacement by rename(2).
#include "dgl/util/private_file.hpp"

#include "dgl/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dgl::util {

namespace {

constexpr int k_max_backups = 1000;

std::string errno_text() { return std::strerror(errno); }

/// Writes everything, fsyncs and closes `fd`; on failure closes it and throws.
void write_all_and_close(int fd, std::string_view content, const std::string& path) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const auto why = errno_text();
            ::close(fd);
            throw launcher_error("cannot write " + path + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    // fchmod: the mode passed to open() is filtered by the umask; 0600 must be exact.
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0 || ::fsync(fd) != 0) {
        const auto why = errno_text();
        ::close(fd);
        throw launcher_error("cannot write " + path + ": " + why);
    }
    if (::close(fd) != 0) {
        throw launcher_error("cannot write " + path + ": " + errno_text());
    }
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string write_new(const std::string& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        if (errno == EEXIST) {
            throw launcher_error(path + " already exists; not overwritten");
        }
        throw launcher_error("cannot create " + path + ": " + errno_text());
    }
    try {
        write_all_and_close(fd, content, path);
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
    return "";
}

/// Links `path` to the first free backup name; returns that name.
std::string link_backup(const std::string& path) {
    for (int n = 0; n < k_max_backups; ++n) {
        const std::string name = path + ".bak" + (n == 0 ? std::string() : "." + std::to_string(n));
        if (::link(path.c_str(), name.c_str()) == 0) {
            return name;
        }
        if (errno != EEXIST) {
            throw launcher_error("cannot keep a backup of " + path + " as " + name + ": " + errno_text());
        }
    }
    throw launcher_error("cannot keep a backup of " + path + ": " + std::to_string(k_max_backups) +
                         " backups exist already");
}

}  // namespace

std::string write_private_file(const std::string& path, std::string_view content, bool replace) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            throw launcher_error("cannot inspect " + path + ": " + errno_text());
        }
        return write_new(path, content);
    }
    if (!replace) {
        throw launcher_error(path + " already exists; not overwritten");
    }
    if (S_ISDIR(st.st_mode)) {
        throw launcher_error(path + " is a directory");
    }
    const std::string dir = directory_of(path);
    std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    std::string tmpl = dir + "/." + base + ".XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);  // creates with mode 0600
    if (fd < 0) {
        throw launcher_error("cannot create a temporary file in " + dir + ": " + errno_text());
    }
    const std::string tmp(name.data());
    try {
        write_all_and_close(fd, content, path);
        const std::string backup = link_backup(path);
        if (::rename(tmp.c_str(), path.c_str()) != 0) {
            throw launcher_error("cannot replace " + path + ": " + errno_text());
        }
        return backup;
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
}

}  // namespace dgl::util
