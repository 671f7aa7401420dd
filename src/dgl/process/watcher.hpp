// --watch: inotify on the directories that hold every source, so that an edit, an atomic rename
// or a Kubernetes `..data` symlink swap all wake the supervisor.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace dgl::process {

/// What to watch: a file (only events about its name, or a Kubernetes `..` entry, in its
/// directory count) or a directory (every event in it counts).
struct WatchTarget {
    std::string path;
    bool directory = false;
};

class Watcher {
public:
    Watcher();  ///< throws Error(125) when inotify is not available
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    /// The non-blocking, close-on-exec inotify descriptor to poll.
    [[nodiscard]] int fd() const { return m_fd; }

    /// Replaces the watched set. A path whose directory does not exist is skipped (logged at
    /// debug); a symlinked file or directory is watched at its link and at its target.
    void set_targets(const std::vector<WatchTarget>& targets);

    /// Reads every queued event; true when one of them concerns a watched source.
    bool drain();

    /// The directories watched now (for logs and tests).
    [[nodiscard]] std::vector<std::string> directories() const;

private:
    struct Dir {
        std::string path;
        bool all = false;            ///< a watched source directory: every name counts
        std::set<std::string> names; ///< otherwise: the file names that count
    };
    void add(const std::string& dir, const std::string& name);

    int m_fd = -1;
    std::map<int, Dir> m_dirs;  ///< by watch descriptor
};

}  // namespace dgl::process
