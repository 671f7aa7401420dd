// Signals of supervise mode: which are forwarded, blocking them for a synchronous signalfd loop,
// and the clean slate a spawned child starts from.
#pragma once

#include <csignal>
#include <string>
#include <vector>

namespace dgl::process {

/// Every catchable signal but SIGCHLD: the standard ones and SIGRTMIN..SIGRTMAX (glibc keeps the
/// two lowest real-time signals for itself, so they can be neither blocked nor forwarded).
const std::vector<int>& forwarded_signals();

/// Signals that ask the launcher itself to stop: forwarded, then SIGKILL after --stop-timeout.
bool is_stop_signal(int sig);

/// "SIGTERM", "SIGRTMIN+3", ... for logs.
std::string signal_name(int sig);

/// Blocks every forwarded signal and SIGCHLD in the calling thread (before any other thread
/// exists, so the whole process) and returns a non-blocking, close-on-exec signalfd reading them.
/// The previous mask is kept for children. Throws Error(125) on failure.
int block_and_open_signalfd();

/// In a forked child before exec (async-signal-safe): empty signal mask, every disposition back
/// to SIG_DFL (an ignored signal would otherwise survive exec).
void reset_signals_for_exec() noexcept;

}  // namespace dgl::process
