// Logging setup: spdlog, stderr only (stdout belongs to the child and to `print`).
// Callers log keys, places and redact::display() output; never a raw value.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dgl::log {

/// Configures the default logger. `level`: trace, debug, info, warning, error, off;
/// `quiet` means error. `format`: text (for people) or json (one object a line, for
/// Kubernetes and journald collectors). Throws Error(125) on an unknown name.
void setup(const std::string& level, bool quiet, const std::string& format);

/// The --log-format the command line or DIFFGRAM_LAUNCH_LOG_FORMAT asks for, read before the
/// options are parsed, so that a usage error already reaches a collector as JSON. "text" when
/// nothing (or something unknown) is asked for.
std::string early_format(int argc, const char* const* argv, const char* const* environ);

/// Structured fields attached to every line logged while a Scope lives (json: "fields";
/// text: not shown, the message already says it). Values are keys, places, codes: never a
/// raw value (pass values through redact::display first).
using Fields = std::vector<std::pair<std::string, std::string>>;

class Scope {
public:
    explicit Scope(Fields fields);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    std::size_t m_previous_size;
};

}  // namespace dgl::log
