// Signals of supervise mode: which are forwarded, blocking them for a synchronous signalfd loop,
// and the clean slate a spawned child starts from. No asynchronous handler is ever installed: the
// supervisor reads signals from a signalfd in its poll loop, so no work happens in signal context.
#include "dgl/process/signals.hpp"

#include "dgl/errors.hpp"

#include <cerrno>
#include <cstring>
#include <string.h>  // sigabbrev_np (glibc)
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace dgl::process {

const std::vector<int>& forwarded_signals() {
    static const std::vector<int> k_signals = [] {
        std::vector<int> out;
        for (int s = 1; s < SIGRTMIN; ++s) {
            // SIGKILL/SIGSTOP cannot be caught; glibc's internal signals (32, 33) are below SIGRTMIN.
            if (s == SIGKILL || s == SIGSTOP || s == SIGCHLD || s >= 32) {
                continue;
            }
            out.push_back(s);
        }
        for (int s = SIGRTMIN; s <= SIGRTMAX; ++s) {
            out.push_back(s);
        }
        return out;
    }();
    return k_signals;
}

bool is_stop_signal(int sig) { return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT; }

std::string signal_name(int sig) {
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        return sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + std::to_string(sig - SIGRTMIN);
    }
    const char* abbrev = ::sigabbrev_np(sig);
    return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

int block_and_open_signalfd() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : forwarded_signals()) {
        sigaddset(&set, s);
    }
    sigaddset(&set, SIGCHLD);
    if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
        throw launcher_error(std::string("cannot block signals: ") + std::strerror(errno));
    }
    const int fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        throw launcher_error(std::string("cannot open a signalfd: ") + std::strerror(errno));
    }
    return fd;
}

void reset_signals_for_exec() noexcept {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP) {
            ::sigaction(s, &dfl, nullptr);  // glibc refuses its reserved signals (32, 33): below
        }
    }
#if defined(__x86_64__) || defined(__aarch64__)
    // glibc's sigaction() rejects 32 and 33, so one ignored by an ancestor would stay ignored
    // across exec (seen once in CI). Set them to the default through the kernel directly: the
    // process is about to exec, so glibc never needs them again. (The generic kernel layout.)
    struct KernelSigaction {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)();
        unsigned long mask;
    };
    KernelSigaction k{SIG_DFL, 0, nullptr, 0};
    for (int s = 32; s < SIGRTMIN; ++s) {
        ::syscall(SYS_rt_sigaction, s, &k, nullptr, sizeof(k.mask));
    }
#endif
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace dgl::process
