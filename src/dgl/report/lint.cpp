// Renders `lint` (and `lint --fix`) results for people (text) and machines (--format json).
// Findings already hold only keys, places, fixed phrases and redact::display() readings, so
// nothing is masked here.
#include "dgl/report/lint.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::report {
namespace {

using check::Severity;

struct Counts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notices = 0;

    void add(const std::vector<lint::Item>& items) {
        for (const auto& it : items) {
            switch (it.finding.severity) {
            case Severity::error:
                ++errors;
                break;
            case Severity::warning:
                ++warnings;
                break;
            case Severity::notice:
                ++notices;
                break;
            }
        }
    }
    bool ok() const { return errors == 0 && warnings == 0; }
    std::string text() const {
        return std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s), " +
               std::to_string(notices) + " notice(s)";
    }
    std::string json() const {
        return "\"errors\": " + std::to_string(errors) + ", \"warnings\": " + std::to_string(warnings) +
               ", \"notices\": " + std::to_string(notices);
    }
};

std::string item_text(const lint::Item& it) {
    const auto& f = it.finding;
    std::string out = (f.sources.empty() ? std::string() : f.sources.front() + ": ") + check::to_string(f.severity) + ": ";
    if (!f.key.empty()) {
        out += f.key + ": ";
    }
    out += f.message + " [" + f.code + "]\n";
    if (!f.hint.empty()) {
        out += "    hint: " + f.hint + "\n";
    }
    return out;
}

std::string optional_json(const std::optional<std::string>& v) { return v ? util::json_quote(*v) : "null"; }

std::string item_json(const lint::Item& it) {
    const auto& f = it.finding;
    std::string out = "{\"code\": " + util::json_quote(f.code) + ", \"severity\": " +
                      util::json_quote(check::to_string(f.severity)) + ", \"key\": " + util::json_quote(f.key) +
                      ", \"line\": " + std::to_string(it.line) + ", \"sources\": [";
    for (std::size_t i = 0; i < f.sources.size(); ++i) {
        out += (i == 0 ? "" : ", ") + util::json_quote(f.sources[i]);
    }
    out += "], \"message\": " + util::json_quote(f.message) + ", \"hint\": " + util::json_quote(f.hint);
    if (it.has_readings) {
        out += ", \"python_dotenv\": " + optional_json(it.python_dotenv) + ", \"compose\": " + optional_json(it.compose);
    }
    return out + "}";
}

std::string items_json(const std::vector<lint::Item>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i == 0 ? "\n      " : ",\n      ") + item_json(items[i]);
    }
    return out + (items.empty() ? "]" : "\n    ]");
}

std::string file_fields(const lint::Analysis& a) {
    Counts c;
    c.add(a.items);
    return "\"file\": " + util::json_quote(a.path) + ", \"ok\": " + (c.ok() ? "true" : "false") + ", " + c.json() +
           ", \"statements\": " + std::to_string(a.statements.size()) +
           ", \"python_dotenv_skipped\": " + std::to_string(a.python_issues.size()) +
           ", \"compose_rejects_file\": " + (a.compose_rejections.empty() ? "false" : "true");
}

}  // namespace

std::string lint_text(const std::vector<lint::Analysis>& files) {
    std::string out;
    Counts total;
    for (const auto& a : files) {
        Counts c;
        c.add(a.items);
        total.add(a.items);
        for (const auto& it : a.items) {
            out += item_text(it);
        }
        out += a.path + ": " + (c.ok() ? "ok, both readers agree: " : "differences: ") + c.text() + "\n";
    }
    if (files.size() > 1) {
        out += std::string(total.ok() ? "ok: " : "differences: ") + total.text() + " in " +
               std::to_string(files.size()) + " files\n";
    }
    return out;
}

std::string lint_json(const std::vector<lint::Analysis>& files) {
    Counts total;
    std::string list;
    for (std::size_t i = 0; i < files.size(); ++i) {
        total.add(files[i].items);
        list += (i == 0 ? "\n  " : ",\n  ") + std::string("{") + file_fields(files[i]) +
                ", \"findings\": " + items_json(files[i].items) + "}";
    }
    return "{\"ok\": " + std::string(total.ok() ? "true" : "false") + ", " + total.json() + ", \"files\": [" + list +
           (files.empty() ? "]}\n" : "\n]}\n");
}

std::string lint_fix_text(const std::vector<lint::FixOutcome>& files) {
    std::string out;
    Counts total;
    for (const auto& f : files) {
        const auto& r = f.result;
        const std::string& original = f.source;
        if (r.bom_removed) {
            out += original + ":1: fixed: byte order mark removed\n";
        }
        for (const auto& rw : r.rewritten) {
            out += original + ":" + std::to_string(rw.line) + ": fixed: " + rw.key + ": written with " +
                   rw.how + (rw.resolved ? ", with python-dotenv's expansion of an unusable `${...}` written out" : "") +
                   "\n";
        }
        if (r.line_endings_fixed) {
            out += original + ": fixed: lone CR line endings written as LF\n";
        }
        if (r.final_newline_added) {
            out += original + ": fixed: line break added at the end of the file\n";
        }
        Counts c;
        c.add(f.after.items);
        total.add(f.after.items);
        for (const auto& it : f.after.items) {
            out += item_text(it);
        }
        if (f.written.empty()) {
            out += original + ": nothing written (" + (r.changed ? "nothing could be fixed" : "nothing to fix") + ")";
        } else {
            out += "wrote " + f.written;
            if (!f.backup.empty()) {
                out += " (original kept as " + f.backup + ")";
            }
        }
        out += "; left: " + c.text() + "\n";
    }
    if (files.size() > 1) {
        out += std::string(total.ok() ? "ok: " : "left: ") + total.text() + " in " + std::to_string(files.size()) +
               " files\n";
    }
    return out;
}

std::string lint_fix_json(const std::vector<lint::FixOutcome>& files) {
    Counts total;
    std::string list;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& f = files[i];
        total.add(f.after.items);
        std::string rewritten = "[";
        for (std::size_t k = 0; k < f.result.rewritten.size(); ++k) {
            const auto& rw = f.result.rewritten[k];
            rewritten += (k == 0 ? "" : ", ") + std::string("{\"line\": ") + std::to_string(rw.line) +
                         ", \"key\": " + util::json_quote(rw.key) + ", \"how\": " + util::json_quote(rw.how) +
                         ", \"resolved\": " + (rw.resolved ? "true" : "false") + "}";
        }
        rewritten += "]";
        list += (i == 0 ? "\n  " : ",\n  ") + std::string("{\"source\": ") + util::json_quote(f.source) + ", " +
                file_fields(f.after) + ", \"written\": " + (f.written.empty() ? "null" : util::json_quote(f.written)) +
                ", \"backup\": " + (f.backup.empty() ? "null" : util::json_quote(f.backup)) +
                ", \"rewritten\": " + rewritten + ", \"bom_removed\": " + (f.result.bom_removed ? "true" : "false") +
                ", \"final_newline_added\": " + (f.result.final_newline_added ? "true" : "false") +
                ", \"line_endings_fixed\": " + (f.result.line_endings_fixed ? "true" : "false") +
                ", \"findings\": " + items_json(f.after.items) + "}";
    }
    return "{\"ok\": " + std::string(total.ok() ? "true" : "false") + ", " + total.json() + ", \"files\": [" + list +
           (files.empty() ? "]}\n" : "\n]}\n");
}

}  // namespace dgl::report
