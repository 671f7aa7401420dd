// Renders findings for people (text, grouped by severity) and machines (check --format json).
#pragma once

#include "dgl/check/finding.hpp"

#include <string>

namespace dgl::report {

/// One line: "warning: KEY: message (app.env:3:1) [DGL001]".
std::string finding_line(const check::Finding& f);

/// The same without the severity, for log lines whose prefix already names the level.
std::string finding_body(const check::Finding& f);

/// `check` text output: every finding grouped by severity, then a summary line.
std::string findings_text(const check::Findings& findings);

/// `check --format json` (contract.md §7).
std::string findings_json(const check::Findings& findings);

}  // namespace dgl::report
