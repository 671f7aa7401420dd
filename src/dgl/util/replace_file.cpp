// Writing a file without ever overwriting a user's file by accident (see replace_file.hpp).
#include "dgl/util/replace_file.hpp"

#include "dgl/errors.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace dgl::util {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

void write_all(int fd, std::string_view text, const std::string& path) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw launcher_error("cannot write " + path + ": " + errno_text(errno));
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

/// A copy made with O_EXCL, for file systems without hard links.
void copy_exclusive(const std::string& from, const std::string& to) {
    Fd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        throw launcher_error("cannot read " + from + ": " + errno_text(errno));
    }
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) {
        throw launcher_error("cannot read " + from + ": " + errno_text(errno));
    }
    Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777)};
    if (out.fd < 0) {
        throw Error(ExitCode::launcher_error, "cannot create " + to + ": " + errno_text(errno));
    }
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(in.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw launcher_error("cannot read " + from + ": " + errno_text(errno));
        }
        if (n == 0) {
            break;
        }
        write_all(out.fd, std::string_view(buf, static_cast<std::size_t>(n)), to);
    }
    if (::fsync(out.fd) != 0) {
        throw launcher_error("cannot write " + to + ": " + errno_text(errno));
    }
}

}  // namespace

std::string write_temp_beside(const std::string& target, std::string_view text, mode_t mode, uid_t uid, gid_t gid) {
    const std::filesystem::path t(target);
    const std::filesystem::path dir = t.has_parent_path() ? t.parent_path() : std::filesystem::path(".");
    std::string pattern = (dir / ("." + t.filename().string() + ".dgl-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    Fd fd{::mkstemp(name.data())};
    if (fd.fd < 0) {
        throw launcher_error("cannot create a temporary file in " + dir.string() + ": " + errno_text(errno));
    }
    const std::string path(name.data());
    try {
        (void)::fchown(fd.fd, uid, gid);  // best effort: only root may give a file away
        if (::fchmod(fd.fd, mode & 07777) != 0) {
            throw launcher_error("cannot set the mode of " + path + ": " + errno_text(errno));
        }
        write_all(fd.fd, text, path);
        if (::fsync(fd.fd) != 0) {
            throw launcher_error("cannot write " + path + ": " + errno_text(errno));
        }
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
    return path;
}

void publish_new(const std::string& temp, const std::string& target) {
    if (::link(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        if (err == EEXIST) {
            discard(temp);
            throw launcher_error("refusing to overwrite " + target + ": it exists");
        }
        // No hard links here (some FUSE and network file systems): an O_EXCL copy instead.
        try {
            copy_exclusive(temp, target);
        } catch (...) {
            discard(temp);
            throw;
        }
    }
    discard(temp);
}

std::string replace_keeping_backup(const std::string& temp, const std::string& target) {
    std::string backup;
    for (int n = 0;; ++n) {
        backup = target + ".bak" + (n == 0 ? std::string() : "." + std::to_string(n));
        if (::link(target.c_str(), backup.c_str()) == 0) {
            break;
        }
        if (errno == EEXIST) {
            if (n >= 999) {
                discard(temp);
                throw launcher_error("too many backups of " + target + " already exist");
            }
            continue;
        }
        try {
            copy_exclusive(target, backup);
            break;
        } catch (const Error&) {
            if (errno == EEXIST) {
                continue;
            }
            discard(temp);
            throw;
        }
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        discard(temp);
        throw launcher_error("cannot replace " + target + ": " + errno_text(err) + " (the original is unchanged)");
    }
    return backup;
}

void discard(const std::string& temp) { ::unlink(temp.c_str()); }

}  // namespace dgl::util
