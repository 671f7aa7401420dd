// `print`: the child's final environment in a machine-readable format (contract.md §7).
// Every value passes through redact::display().
#include "dgl/report/print.hpp"

#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace dgl::report {

namespace {

std::string print_json(const env::EnvMap& vars, bool reveal) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, v] : vars) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += util::json_quote(key);
        out += ": ";
        out += util::json_quote(redact::display(key, v.value, reveal, env::redaction_source(v.origin)));
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
        out += dotenv_key(key) + "=" + dotenv_quote(redact::display(key, v.value, reveal, env::redaction_source(v.origin))) + "\n";
    }
    return out;
}

/// A POSIX shell and systemd variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_portable_name(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        unsigned min = 0;
        unsigned cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        for (size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) {
                return false;
            }
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

void skip_key(const std::string& format, const std::string& key, const char* why) {
    // The key is a name, not a value: it may be shown.
    spdlog::warn("print --format {}: skipped {}: {}", format, util::json_quote(key), why);
}

/// `export KEY='value'`: single quotes keep every byte; a quote is written as '\''.
std::string print_shell(const env::EnvMap& vars, bool reveal) {
    std::string out;
    for (const auto& [key, v] : vars) {
        if (!is_portable_name(key)) {
            skip_key("shell", key, "not a shell variable name ([A-Za-z_][A-Za-z0-9_]*)");
            continue;
        }
        out += "export " + key + "='";
        for (const char c : redact::display(key, v.value, reveal, env::redaction_source(v.origin))) {
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        out += "'\n";
    }
    return out;
}

/// systemd EnvironmentFile= (env-file.c): `KEY="value"`, where a double-quoted value keeps
/// newlines, tabs and every other byte, and only \ " ` $ need a backslash. systemd drops a name
/// outside [A-Za-z_][A-Za-z0-9_]* and a value that is not UTF-8.
std::string print_systemd(const env::EnvMap& vars, bool reveal) {
    std::string out;
    for (const auto& [key, v] : vars) {
        if (!is_portable_name(key)) {
            skip_key("systemd", key, "systemd accepts only [A-Za-z_][A-Za-z0-9_]* names");
            continue;
        }
        const std::string value = redact::display(key, v.value, reveal, env::redaction_source(v.origin));
        if (!is_valid_utf8(value)) {
            throw launcher_error("print --format systemd: the value of " + key +
                                 " is not valid UTF-8, which systemd would ignore");
        }
        out += key + "=\"";
        for (const char c : value) {
            if (c == '\\' || c == '"' || c == '`' || c == '$') {
                out += '\\';
            }
            out += c;
        }
        out += "\"\n";
    }
    return out;
}

/// `docker run --env-file`: `KEY=value`, the value raw to the end of the line. So a value cannot
/// hold a line break; one that starts and ends with the same quote is refused too, because newer
/// docker releases strip such quotes and older ones keep them; lines are capped at 64 KiB (Go's
/// bufio.Scanner) and must be UTF-8.
std::string print_docker(const env::EnvMap& vars, bool reveal) {
    constexpr size_t k_max_line = 64U * 1024U - 1U;
    std::string out;
    for (const auto& [key, v] : vars) {
        const bool key_ok = !key.empty() && key[0] != '#' && std::all_of(key.begin(), key.end(), [](char c) {
            return c > ' ' && c < 0x7f;  // printable ASCII, no whitespace: docker trims or rejects the rest
        });
        if (!key_ok) {
            skip_key("docker", key, "docker --env-file needs a name without whitespace, not starting with '#'");
            continue;
        }
        const std::string value = redact::display(key, v.value, reveal, env::redaction_source(v.origin));
        if (value.find_first_of("\r\n") != std::string::npos) {
            throw launcher_error("print --format docker: the value of " + key +
                                 " spans several lines, which docker --env-file cannot hold");
        }
        if (!is_valid_utf8(value)) {
            throw launcher_error("print --format docker: the value of " + key + " is not valid UTF-8, which docker refuses");
        }
        if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0]) {
            throw launcher_error("print --format docker: the value of " + key +
                                 " starts and ends with the same quote, which docker versions read differently");
        }
        if (key.size() + 1 + value.size() > k_max_line) {
            throw launcher_error("print --format docker: the line of " + key + " is longer than docker's 64 KiB limit");
        }
        out += key + "=" + value + "\n";
    }
    return out;
}

}  // namespace

std::string dotenv_quote(std::string_view value, bool keep_dollar_brace_literal) {
    std::string out = "\"";
    for (size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (c) {
        case '\\':
            // python-dotenv's quoted-value regex takes `\\"` for an escaped quote even after an
            // escaped backslash, so a last backslash would swallow the closing quote (the value
            // runs on to the next line's quote). `${=:-\\}` (unescaped: `${=:-\}`) yields one
            // backslash, as `${=:-$}` yields '$'.
            out += keep_dollar_brace_literal && i + 1 == value.size() ? "${=:-\\\\}" : "\\\\";
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
            if (keep_dollar_brace_literal && i + 1 < value.size() && value[i + 1] == '{') {
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
    if (format == "shell") {
        return print_shell(vars, reveal);
    }
    if (format == "systemd") {
        return print_systemd(vars, reveal);
    }
    if (format == "docker") {
        return print_docker(vars, reveal);
    }
    throw launcher_error("unknown print format '" + format + "' (dotenv, json, shell, systemd, docker)");
}

}  // namespace dgl::report
