// Logging setup: spdlog, stderr only (stdout belongs to the child and to `print`).
// Callers log keys, places and redact::display() output; never a raw value.
#pragma once

#include <string>

namespace dgl::log {

/// Configures the default logger. `level`: trace, debug, info, warning, error, off;
/// `quiet` means error. `format`: text or json. Throws Error(125) on an unknown name.
void setup(const std::string& level, bool quiet, const std::string& format);

}  // namespace dgl::log
