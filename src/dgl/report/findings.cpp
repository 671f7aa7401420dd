// Renders findings for people (text, grouped by severity) and machines (check --format json).
// Findings are built from keys, places and redacted values only, so nothing is masked here.
#include "dgl/report/findings.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::report {

using check::Severity;

namespace {

size_t count(const check::Findings& f, Severity s) {
    return static_cast<size_t>(std::count_if(f.begin(), f.end(), [s](const auto& x) { return x.severity == s; }));
}

}  // namespace

std::string finding_line(const check::Finding& f) {
    return std::string(check::to_string(f.severity)) + ": " + finding_body(f);
}

std::string finding_body(const check::Finding& f) {
    std::string out;
    if (!f.key.empty()) {
        out += f.key + ": ";
    }
    out += f.message;
    if (!f.sources.empty()) {
        out += " (" + util::join(f.sources) + ")";
    }
    out += " [" + f.code + "]";
    return out;
}

std::string findings_text(const check::Findings& findings) {
    std::string out;
    for (auto sev : {Severity::error, Severity::warning, Severity::notice}) {
        for (const auto& f : findings) {
            if (f.severity != sev) {
                continue;
            }
            out += finding_line(f) + "\n";
            if (!f.hint.empty()) {
                out += "    hint: " + f.hint + "\n";
            }
        }
    }
    const auto e = count(findings, Severity::error);
    out += (e == 0 ? "ok: " : "rejected: ") + std::to_string(e) + " error(s), " +
           std::to_string(count(findings, Severity::warning)) + " warning(s), " +
           std::to_string(count(findings, Severity::notice)) + " notice(s)\n";
    return out;
}

std::string findings_json(const check::Findings& findings) {
    const auto e = count(findings, Severity::error);
    std::string out = "{\"ok\": " + std::string(e == 0 ? "true" : "false") + ", \"errors\": " + std::to_string(e) +
                      ", \"warnings\": " + std::to_string(count(findings, Severity::warning)) +
                      ", \"notices\": " + std::to_string(count(findings, Severity::notice)) + ", \"findings\": [";
    bool first = true;
    for (auto sev : {Severity::error, Severity::warning, Severity::notice}) {
        for (const auto& f : findings) {
            if (f.severity != sev) {
                continue;
            }
            out += first ? "\n  " : ",\n  ";
            first = false;
            out += "{\"code\": " + util::json_quote(f.code) + ", \"severity\": " +
                   util::json_quote(check::to_string(f.severity)) + ", \"key\": " + util::json_quote(f.key) +
                   ", \"sources\": [";
            for (size_t i = 0; i < f.sources.size(); ++i) {
                out += (i == 0 ? "" : ", ") + util::json_quote(f.sources[i]);
            }
            out += "], \"message\": " + util::json_quote(f.message) + ", \"hint\": " + util::json_quote(f.hint) + "}";
        }
    }
    out += first ? "]}\n" : "\n]}\n";
    return out;
}

}  // namespace dgl::report
