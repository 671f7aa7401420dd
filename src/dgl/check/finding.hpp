// Findings: every problem the launcher reports (parse, conflicts, catalog checks), gathered
// rather than thrown, so that a user fixes a whole configuration in one pass.
#pragma once

#include <string>
#include <vector>

namespace dgl::check {

enum class Severity { notice, warning, error };

/// One finding. `message` and `hint` are built from keys, places and redact::display() only:
/// they never hold a raw value.
struct Finding {
    std::string code;  ///< stable "DGL" + number, listed in docs/findings.md
    Severity severity = Severity::warning;
    std::string key;
    std::vector<std::string> sources;  ///< "file:line", "process environment", ...
    std::string message;
    std::string hint;
};

using Findings = std::vector<Finding>;

const char* to_string(Severity s);
bool has_errors(const Findings& f);
/// --strict: every warning becomes an error (contract.md §2).
void escalate_warnings(Findings& f);

}  // namespace dgl::check
