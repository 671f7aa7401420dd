// --watch: inotify on the directories that hold the sources, not on the files: editors rename a
// new file over the old one and Kubernetes renames a new `..data` symlink over the old one, which a
// watch on the file's inode would miss. Which change matters is decided by resolving again.
#include "dgl/process/watcher.hpp"

#include "dgl/errors.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/inotify.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace dgl::process {

namespace {

constexpr uint32_t k_events =
    IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;

}  // namespace

Watcher::Watcher() : m_fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (m_fd < 0) {
        throw launcher_error(std::string("--watch: cannot start inotify: ") + std::strerror(errno));
    }
}

Watcher::~Watcher() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void Watcher::add(const std::string& dir, const std::string& name) {
    const int wd = ::inotify_add_watch(m_fd, dir.c_str(), k_events | IN_ONLYDIR);
    if (wd < 0) {
        spdlog::debug("--watch: cannot watch {}: {}", dir, std::strerror(errno));
        return;
    }
    Dir& d = m_dirs[wd];  // inotify returns the same wd for a directory watched twice
    d.path = dir;
    if (name.empty()) {
        d.all = true;
    } else {
        d.names.insert(name);
    }
}

void Watcher::set_targets(const std::vector<WatchTarget>& targets) {
    // Replaced without a gap: a directory that stays watched keeps its watch descriptor (adding a
    // watch inotify already has returns the same one), so a change made while a reload was
    // running, still queued under that descriptor, is not dropped. Only the directories no
    // longer watched lose their watch, after the new set is in place.
    const std::map<int, Dir> before = std::move(m_dirs);
    m_dirs.clear();
    for (const auto& t : targets) {
        std::error_code ec;
        const fs::path p = fs::absolute(t.path, ec);
        if (ec) {
            continue;
        }
        std::vector<fs::path> paths{p};
        const fs::path real = fs::canonical(p, ec);
        if (!ec && real != p) {
            paths.push_back(real);  // a symlink: its target may change without the link changing
        }
        for (const auto& path : paths) {
            if (t.directory) {
                add(path.string(), "");
            } else {
                add(path.parent_path().string(), path.filename().string());
            }
        }
    }
    for (const auto& [wd, dir] : before) {
        if (!m_dirs.contains(wd)) {
            ::inotify_rm_watch(m_fd, wd);
        }
    }
}

bool Watcher::drain() {
    // Large enough for many events at once; each event is aligned for struct inotify_event.
    alignas(inotify_event) std::array<char, 16384> buf{};
    bool relevant = false;
    for (;;) {
        const ssize_t n = ::read(m_fd, buf.data(), buf.size());
        if (n <= 0) {
            break;  // EAGAIN: nothing more queued
        }
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf.data() + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            if ((ev->mask & IN_Q_OVERFLOW) != 0) {
                relevant = true;  // events were lost: resolve again to be sure
                continue;
            }
            auto it = m_dirs.find(ev->wd);
            if (it == m_dirs.end()) {
                continue;
            }
            const std::string name = ev->len > 0 ? std::string(ev->name) : std::string();
            // Kubernetes swaps `..data` (and writes `..2024_...` directories) next to the file's symlink.
            if (it->second.all || it->second.names.contains(name) || name.starts_with("..")) {
                spdlog::debug("--watch: change in {} ({})", it->second.path, name);
                relevant = true;
            }
        }
    }
    return relevant;
}

std::vector<std::string> Watcher::directories() const {
    std::vector<std::string> out;
    for (const auto& [wd, d] : m_dirs) {
        out.push_back(d.path);
    }
    return out;
}

}  // namespace dgl::process
