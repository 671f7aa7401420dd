// `print`: the child's final environment in a machine-readable format (contract.md §7).
// Every value passes through redact::display().
#include "dgl/report/print.hpp"

#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

namespace dgl::report {

namespace {

std::string print_json(const env::EnvMap& vars, bool reveal) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, v] : vars) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += util::json_quote(key) + ": " + util::json_quote(redact::display(key, v.value, reveal));
    }
    out += first ? "}\n" : "\n}\n";
    return out;
}

/// python-dotenv reads an unquoted key up to '=', '#' or whitespace; anything else is quoted
/// with single quotes, which it also accepts for keys.
std::string dotenv_key(const std::string& key) {
    const bool plain = !key.empty() && key[0] != '\'' && key[0] != '"' &&
                       key.find_first_of("=# \t\r\n\v\f") == std::string::npos;
    if (plain) {
        return key;
    }
    if (key.find('\'') != std::string::npos || key.find_first_of("\r\n") != std::string::npos) {
        throw launcher_error("the key " + util::json_quote(key) + " cannot be written in the dotenv format");
    }
    return "'" + key + "'";
}

std::string print_dotenv(const env::EnvMap& vars, bool reveal) {
    std::string out;
    for (const auto& [key, v] : vars) {
        out += dotenv_key(key) + "=" + dotenv_quote(redact::display(key, v.value, reveal)) + "\n";
    }
    return out;
}

}  // namespace

std::string dotenv_quote(std::string_view value) {
    std::string out = "\"";
    for (size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '$':
            // python-dotenv expands ${...} even in quotes and has no escape for '$' (#422).
            // `${=:-$}` always yields "$": no variable can be named "=", so its default applies.
            if (i + 1 < value.size() && value[i + 1] == '{') {
                out += "${=:-$}";
            } else {
                out += '$';
            }
            break;
        default:
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string print(const env::EnvMap& vars, const std::string& format, bool reveal) {
    if (format.empty() || format == "dotenv") {
        return print_dotenv(vars, reveal);
    }
    if (format == "json") {
        return print_json(vars, reveal);
    }
    throw launcher_error("unknown print format '" + format + "' (json, dotenv)");
}

}  // namespace dgl::report
