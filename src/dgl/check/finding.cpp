// Severity names and the --strict escalation.
#include "dgl/check/finding.hpp"

#include <algorithm>

namespace dgl::check {

const char* to_string(Severity s) {
    switch (s) {
    case Severity::notice:
        return "notice";
    case Severity::warning:
        return "warning";
    case Severity::error:
        return "error";
    }
    return "error";
}

bool has_errors(const Findings& f) {
    return std::any_of(f.begin(), f.end(), [](const Finding& x) { return x.severity == Severity::error; });
}

void escalate_warnings(Findings& f) {
    for (auto& x : f) {
        if (x.severity == Severity::warning) {
            x.severity = Severity::error;
        }
    }
}

}  // namespace dgl::check
