// Renders findings for people (text, grouped by severity) and machines (check --format json).
#pragma once

#include "dgl/check/finding.hpp"

#include <string>

namespace dgl::report {

/// One line for a log: "warning: app.env:3:1: statement skipped: ... [DGL001]".
std::string finding_line(const check::Finding& f);

/// `check` text output: every finding grouped by severity, then a summary line.
std::string findings_text(const check::Findings& findings);

/// `check --format json` (contract.md §7).
std::string findings_json(const check::Findings& findings);

}  // namespace dgl::report
