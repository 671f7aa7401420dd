// Supervise mode: one synchronous poll loop over a signalfd, inotify (--watch) and the child's
// output pipes (--mask-output). Signals are blocked and read as data: nothing runs in signal context,
// and PID 1 still gets SIGTERM (the kernel drops a default-action signal to init, never a blocked one).
#include "dgl/process/supervisor.hpp"

#include "dgl/errors.hpp"
#include "dgl/process/output_mask.hpp"
#include "dgl/process/signals.hpp"
#include "dgl/process/spawn.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dgl::process {

namespace {

using Clock = std::chrono::steady_clock;

/// The launcher's exit code for a wait status: the child's code, or 128+N for signal N.
int exit_code_of(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return to_int(ExitCode::launcher_error);
}

void write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        const ssize_t n = ::write(fd, s.data(), s.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;  // the reader went away (EPIPE): the child's output has nowhere to go
        }
        s.remove_prefix(static_cast<size_t>(n));
    }
}

/// One of the child's masked streams: a pipe the child writes and the launcher copies, masked,
/// to its own descriptor. The write end stays open in the launcher so that a restarted child
/// reuses it and the stream never reaches EOF while the launcher lives.
struct MaskedStream {
    int target = -1;
    int read_fd = -1;
    int write_fd = -1;
    OutputMask mask{{}};

    explicit MaskedStream(int fd) : target(fd) {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0) {
            throw launcher_error(std::string("--mask-output: cannot create a pipe: ") + std::strerror(errno));
        }
        read_fd = p[0];
        write_fd = p[1];
        ::fcntl(read_fd, F_SETFL, ::fcntl(read_fd, F_GETFL) | O_NONBLOCK);
    }
    ~MaskedStream() {
        ::close(read_fd);
        ::close(write_fd);
    }
    MaskedStream(const MaskedStream&) = delete;
    MaskedStream& operator=(const MaskedStream&) = delete;

    /// Copies what can be read now. False at end of file: every writer has closed the pipe.
    bool pump() {
        std::array<char, 65536> buf{};
        for (;;) {
            const ssize_t n = ::read(read_fd, buf.data(), buf.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return n != 0;
            }
            write_all(target, mask.feed(std::string_view(buf.data(), static_cast<size_t>(n))));
        }
    }
    /// The launcher's own write end closed: once the child's descendants close theirs too, the
    /// pipe reaches end of file.
    void close_write_end() {
        ::close(write_fd);
        write_fd = -1;
    }
    void finish() {
        pump();
        write_all(target, mask.flush());
    }
};

class Supervisor {
public:
    Supervisor(const SupervisorOptions& options, Reloader* reloader) : m_options(options), m_reloader(reloader) {}
    ~Supervisor() {
        if (m_sfd >= 0) {
            ::close(m_sfd);
        }
    }
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    int run(const Launch& first);

private:
    enum class State { running, restarting, stopping };

    void start(const Launch& launch);
    void read_signals();
    void reap();
    void signal_child(int sig) const;
    void ask_to_stop(Clock::time_point now);
    void reload(Clock::time_point now);
    int timeout_ms(Clock::time_point now) const;
    bool group_alive() const;
    bool generation_done() const;
    void drain_output();

    SupervisorOptions m_options;
    Reloader* m_reloader;
    int m_sfd = -1;
    bool m_to_group = true;
    bool m_take_terminal = false;
    pid_t m_child = -1;
    /// The child's process group (its pid: spawn makes it a group leader). After the child exits,
    /// a stop or restart still waits for the rest of its group, so that no worker of an old
    /// generation keeps running with the old secrets; SIGKILL ends the wait.
    pid_t m_group = -1;
    bool m_group_killed = false;
    int m_status = 0;
    State m_state = State::running;
    Launch m_current;
    std::optional<Launch> m_next;
    std::optional<Clock::time_point> m_kill_at;    ///< SIGKILL the child's group then
    std::optional<Clock::time_point> m_reload_at;  ///< resolve again then (debounced)
    std::unique_ptr<Watcher> m_watcher;
    std::unique_ptr<MaskedStream> m_out;
    std::unique_ptr<MaskedStream> m_err;
};

void Supervisor::start(const Launch& launch) {
    SpawnSpec spec{launch.argv, launch.envp, launch.workdir, -1, -1, m_take_terminal};
    if (m_out) {
        m_out->mask.add(launch.secrets);
        m_err->mask.add(launch.secrets);
        spec.stdout_fd = m_out->write_fd;
        spec.stderr_fd = m_err->write_fd;
    }
    m_child = spawn(spec);
    m_group = m_child;
    m_group_killed = false;
    m_current = launch;
    m_state = State::running;
    spdlog::info("supervising {} (pid {})", launch.argv.front(), m_child);
}

void Supervisor::signal_child(int sig) const {
    if (m_child <= 0) {
        return;
    }
    // Without a terminal the whole process group gets it, as tini -g: workers and shells under
    // the child stop too. With a terminal the child's group is the foreground job and the
    // terminal's own signals already reach all of it; only what the launcher received is passed on.
    if (::kill(m_to_group ? -m_child : m_child, sig) != 0 && m_to_group) {
        ::kill(m_child, sig);
    }
}

bool Supervisor::group_alive() const { return m_group > 0 && ::kill(-m_group, 0) == 0; }

/// The child has exited and, when the launcher asked it to stop, so has the rest of its group
/// (or the group got SIGKILL, after which only zombies can be left).
bool Supervisor::generation_done() const {
    return m_child <= 0 && (m_state == State::running || m_group_killed || !group_alive());
}

void Supervisor::ask_to_stop(Clock::time_point now) {
    m_state = State::stopping;
    m_next.reset();
    m_reload_at.reset();
    if (!m_kill_at) {
        m_kill_at = now + m_options.stop_timeout;
    }
}

void Supervisor::reap() {
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            return;  // 0: children left, none exited; -1 ECHILD: none left
        }
        if (pid == m_child) {
            m_status = status;
            m_child = -1;
            if (m_state == State::running) {
                m_kill_at.reset();  // it ended on its own; a stop keeps the timer for its group
            }
        } else {
            spdlog::debug("reaped orphan pid {}", pid);
        }
    }
}

void Supervisor::read_signals() {
    signalfd_siginfo info{};
    while (::read(m_sfd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const int sig = static_cast<int>(info.ssi_signo);
        if (sig == SIGCHLD) {
            reap();
            continue;
        }
        if (sig == SIGPIPE && static_cast<pid_t>(info.ssi_pid) == ::getpid()) {
            // The launcher's own write to a closed stdout or stderr (--mask-output): write_all has
            // its EPIPE; passing the signal on would kill a child that never wrote there.
            continue;
        }
        spdlog::debug("forwarding {} to pid {}", signal_name(sig), m_child);
        signal_child(sig);
        if (is_stop_signal(sig)) {
            ask_to_stop(Clock::now());
        }
    }
    reap();  // SIGCHLD may have been merged with one already read
}

void Supervisor::reload(Clock::time_point now) {
    std::optional<Launch> next;
    try {
        next = m_reloader->reload(m_current);
    } catch (const std::exception& e) {
        // A source that cannot be read mid-rotation is not a reason to stop a healthy service.
        spdlog::error("--watch: {}; keeping the running child", e.what());
    }
    m_watcher->set_targets(m_reloader->targets());
    if (next && m_child > 0) {
        m_next = std::move(next);
        m_state = State::restarting;
        spdlog::info("restarting {} (pid {}): SIGTERM, then SIGKILL after {} ms", m_current.argv.front(), m_child,
                     m_options.stop_timeout.count());
        signal_child(SIGTERM);
        m_kill_at = now + m_options.stop_timeout;
    }
}

int Supervisor::timeout_ms(Clock::time_point now) const {
    std::optional<Clock::time_point> next = m_kill_at;
    if (m_reload_at && (!next || *m_reload_at < *next)) {
        next = m_reload_at;
    }
    if (m_child <= 0 && !generation_done()) {
        // Waiting for the rest of the group: its last member may not be the launcher's child
        // (no SIGCHLD tells when it exits), so look again soon.
        const auto soon = now + std::chrono::milliseconds(20);
        next = next ? std::min(*next, soon) : soon;
    }
    if (!next) {
        return -1;
    }
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
    return ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 60'000));
}

/// --mask-output: what the child's descendants still write after it exited is copied too, until
/// every writer has closed the pipe, a stop signal arrives, or --stop-timeout has passed.
void Supervisor::drain_output() {
    if (!m_out) {
        return;
    }
    m_out->close_write_end();
    m_err->close_write_end();
    const auto deadline = Clock::now() + m_options.stop_timeout;
    bool out_open = m_out->pump();
    bool err_open = m_err->pump();
    while ((out_open || err_open) && m_state != State::stopping) {  // a stop signal ends the wait
        const auto now = Clock::now();
        if (now >= deadline) {
            spdlog::debug("output still open {} ms after the child exited; not waiting for it",
                          m_options.stop_timeout.count());
            break;
        }
        std::array<pollfd, 3> fds{{{m_sfd, POLLIN, 0}, {m_out->read_fd, POLLIN, 0}, {m_err->read_fd, POLLIN, 0}}};
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
        if (::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(ms, 60'000))) < 0 && errno != EINTR) {
            break;
        }
        read_signals();
        out_open = out_open && m_out->pump();
        err_open = err_open && m_err->pump();
    }
    m_out->finish();
    m_err->finish();
}

int Supervisor::run(const Launch& first) {
    m_sfd = block_and_open_signalfd();
    if (::getpid() != 1 && ::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        spdlog::warn("cannot become a child subreaper ({}); orphans will not be reaped", std::strerror(errno));
    }
    m_to_group = ::isatty(STDIN_FILENO) == 0;
    m_take_terminal = !m_to_group && ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
    if (m_options.mask_output) {
        m_out = std::make_unique<MaskedStream>(STDOUT_FILENO);
        m_err = std::make_unique<MaskedStream>(STDERR_FILENO);
    }
    if (m_reloader != nullptr) {
        m_watcher = std::make_unique<Watcher>();
        m_watcher->set_targets(m_reloader->targets());
    }
    start(first);

    for (;;) {
        std::array<pollfd, 4> fds{};
        nfds_t n = 0;
        fds[n++] = {m_sfd, POLLIN, 0};
        if (m_watcher) {
            fds[n++] = {m_watcher->fd(), POLLIN, 0};
        }
        if (m_out) {
            fds[n++] = {m_out->read_fd, POLLIN, 0};
            fds[n++] = {m_err->read_fd, POLLIN, 0};
        }
        const int ready = ::poll(fds.data(), n, timeout_ms(Clock::now()));
        if (ready < 0 && errno != EINTR) {
            throw launcher_error(std::string("poll failed: ") + std::strerror(errno));
        }
        if (m_out) {
            m_out->pump();
            m_err->pump();
        }
        read_signals();
        const auto now = Clock::now();
        if (m_watcher && m_watcher->drain() && m_state != State::stopping) {
            // Every new event pushes it back; a change during a restart is resolved after it.
            m_reload_at = now + m_options.debounce;
        }
        if (m_kill_at && now >= *m_kill_at && (m_child > 0 || group_alive())) {
            if (m_child > 0) {
                spdlog::warn("{} (pid {}) did not stop within {} ms; sending SIGKILL", m_current.argv.front(),
                             m_child, m_options.stop_timeout.count());
                ::kill(m_child, SIGKILL);
            } else {
                spdlog::warn("{} exited, but processes of its group (pgid {}) did not stop within {} ms; sending "
                             "SIGKILL",
                             m_current.argv.front(), m_group, m_options.stop_timeout.count());
            }
            ::kill(-m_group, SIGKILL);
            m_group_killed = true;
            m_kill_at.reset();
        }
        if (m_reload_at && now >= *m_reload_at && m_state == State::running) {
            m_reload_at.reset();
            reload(now);
        }
        if (!generation_done()) {
            continue;
        }
        m_kill_at.reset();
        if (m_state == State::restarting && m_next) {
            const Launch next = std::move(*m_next);
            m_next.reset();
            spdlog::info("{} stopped (exit code {}); starting it with the new environment", m_current.argv.front(),
                         exit_code_of(m_status));
            start(next);
            continue;
        }
        drain_output();
        const int code = exit_code_of(m_status);
        spdlog::debug("{} exited; launcher exit code {}", m_current.argv.front(), code);
        return code;
    }
}

}  // namespace

int supervise(const Launch& first, const SupervisorOptions& options, Reloader* reloader) {
    Supervisor s(options, reloader);
    return s.run(first);
}

}  // namespace dgl::process
