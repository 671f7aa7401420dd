// Reading files with a size limit, through one descriptor.
#include "dgl/util/files.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/heap.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dgl::util {


namespace {
std::string errno_text(int err) { return std::strerror(err); }
}  // namespace

/// Reads a whole regular file through one descriptor, so that the checks and the read see the
/// same file (no stat-then-open race).
std::string read_file_limited(const std::string& path, std::uintmax_t limit, const std::string& what) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        throw launcher_error("cannot read " + what + " " + path + ": " + errno_text(errno));
    }
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        throw launcher_error("cannot read " + what + " " + path + ": " + errno_text(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        throw launcher_error("cannot read " + what + " " + path + ": is a directory");
    }
    if (S_ISREG(st.st_mode) && static_cast<std::uintmax_t>(st.st_size) > limit) {
        throw launcher_error(what + " " + path + " is larger than the limit of " + std::to_string(limit) +
                             " bytes");
    }
    // A large .env becomes several times its size in parsed and resolved values: from here on the
    // heap is backed by huge pages (heap.hpp). Done before the read, so the text is too.
    if (S_ISREG(st.st_mode)) {
        prepare_heap(static_cast<std::size_t>(st.st_size));
    }
    // Read straight into the string: a regular file's size is known (one allocation, no chunk
    // copies); pipes and /proc files grow it as they go.
    std::string out;
    size_t used = 0;
    out.resize(S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<size_t>(st.st_size) + 1 : 65536);
    for (;;) {
        if (used == out.size()) {
            out.resize(out.size() * 2);
        }
        const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw launcher_error("cannot read " + what + " " + path + ": " + errno_text(errno));
        }
        if (n == 0) {
            break;
        }
        used += static_cast<size_t>(n);
        // Pipes and /proc files have no size up front: enforce the limit while reading.
        if (used > limit) {
            throw launcher_error(what + " " + path + " is larger than the limit of " + std::to_string(limit) +
                                 " bytes");
        }
    }
    out.resize(used);
    return out;
}


}  // namespace dgl::util
