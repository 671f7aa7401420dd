// The catalog's line format (data/catalog.tsv, --schema files), written as constant expressions:
// the compiler parses the built-in catalog with it (builtin.cpp), a launch parses --schema files
// with the same code (catalog.cpp). The line loop and the column cutting also read the
// public-secret list (public_secrets.cpp). Internal to src/dgl/catalog/.
#pragma once

#include "dgl/catalog/catalog.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace dgl::catalog::detail {

constexpr std::array<std::string_view, 6> k_services{"default",    "walrus",     "eventhandlers",
                                                     "dispatcher", "migrations", "frontend"};

constexpr bool service_name(std::string_view s) {
    return std::find(k_services.begin(), k_services.end(), s) != k_services.end();
}

constexpr bool valid_name(std::string_view s) {
    // ASCII letters, digits and '_' (isalnum's set in the C locale), not starting with a digit.
    auto word_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    return !s.empty() && !(s[0] >= '0' && s[0] <= '9') && std::all_of(s.begin(), s.end(), word_char);
}

/// A list column: at least one item, none empty.
constexpr bool valid_list(const util::SplitView& v) {
    return !v.empty() && std::none_of(v.begin(), v.end(), [](std::string_view x) { return x.empty(); });
}

/// The tab-separated columns of one line: a catalog line has 6 or 7 columns; anything beyond 8 is
/// only counted, for the error message.
struct Columns {
    std::array<std::string_view, 8> cols{};
    size_t count = 0;

    constexpr explicit Columns(std::string_view line) {
        for (size_t start = 0;;) {
            const auto tab = line.find('\t', start);
            const auto col = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
            if (count < cols.size()) {
                cols[count] = col;
            }
            ++count;
            if (tab == std::string_view::npos) {
                return;
            }
            start = tab + 1;
        }
    }
    [[nodiscard]] constexpr size_t size() const { return count; }
    constexpr std::string_view operator[](size_t i) const { return cols[i]; }
};

/// Throws Error(125) naming the entry's file:line, never the line's text (catalog.cpp). Not a
/// constant expression: a malformed built-in catalog stops the build here.
[[noreturn]] void malformed(const Entry& at, const std::string& what);
/// The column-count message (std::to_string is not constexpr in C++20).
[[noreturn]] void malformed_columns(const Entry& at, size_t found);

constexpr std::optional<Type> parse_type(std::string_view s, util::SplitView& values) {
    constexpr std::array<std::pair<std::string_view, Type>, 7> k_types{{
        {"bool", Type::boolean}, {"int", Type::integer}, {"string", Type::string}, {"url", Type::url},
        {"sqlalchemy_url", Type::sqlalchemy_url}, {"fernet_key", Type::fernet_key}, {"path", Type::path},
    }};
    for (const auto& [name, t] : k_types) {
        if (s == name) {
            return t;
        }
    }
    if (s.starts_with("enum:")) {
        values = util::SplitView(s.substr(5), '|');
        if (!valid_list(values)) {
            return std::nullopt;
        }
        return Type::enumeration;
    }
    return std::nullopt;
}

constexpr std::optional<SecretClass> parse_secret(std::string_view s) {
    constexpr std::array<std::pair<std::string_view, SecretClass>, 5> k_classes{{
        {"public", SecretClass::public_value}, {"secret", SecretClass::secret},
        {"credential_id", SecretClass::credential_id}, {"secret_path", SecretClass::secret_path},
        {"security_flag", SecretClass::security_flag},
    }};
    for (const auto& [name, c] : k_classes) {
        if (s == name) {
            return c;
        }
    }
    return std::nullopt;
}

constexpr std::optional<Requirement> parse_required(std::string_view s) {
    Requirement r;
    if (s == "-") {
        return r;
    }
    if (s == "always") {
        r.kind = Requirement::Kind::always;
        return r;
    }
    const auto eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return std::nullopt;
    }
    const auto lhs = s.substr(0, eq);
    r.values = util::SplitView(s.substr(eq + 1), '|');
    if (!valid_list(r.values)) {
        return std::nullopt;
    }
    if (lhs == "service") {
        r.kind = Requirement::Kind::for_services;
        if (!std::all_of(r.values.begin(), r.values.end(), service_name)) {
            return std::nullopt;
        }
        return r;
    }
    if (!valid_name(lhs)) {
        return std::nullopt;
    }
    r.kind = Requirement::Kind::when_key;
    r.key = lhs;
    return r;
}

constexpr Entry parse_line(const Columns& cols, std::string_view origin, int line) {
    Entry e;
    e.origin = origin;
    e.line = line;
    if (cols.size() != 6 && cols.size() != 7) {
        malformed_columns(e, cols.size());
    }
    e.name = cols[0];
    if (!valid_name(e.name)) {
        malformed(e, "column 1 (name) is not a variable name");
    }
    auto type = parse_type(cols[1], e.enum_values);
    if (!type) {
        malformed(e, "column 2 (type) must be bool, int, string, enum:V1|V2..., url, sqlalchemy_url, "
                     "fernet_key or path");
    }
    e.type = *type;
    if (cols[2] == "\"\"") {
        e.default_value = std::string_view();
    } else if (cols[2] != "-") {
        e.default_value = cols[2];
    }
    auto secret = parse_secret(cols[3]);
    if (!secret) {
        malformed(e, "column 4 (secret) must be secret, credential_id, secret_path, security_flag or public");
    }
    e.secret = *secret;
    if (cols[4] != "-") {
        e.services = util::SplitView(cols[4], ',');
        if (!valid_list(e.services) || !std::all_of(e.services.begin(), e.services.end(), service_name)) {
            malformed(e, "column 5 (services) must be - or a comma list of default, walrus, eventhandlers, "
                         "dispatcher, migrations, frontend");
        }
    }
    auto req = parse_required(cols[5]);
    if (!req) {
        malformed(e, "column 6 (required) must be -, always, KEY=V1|V2... or service=S1|S2...");
    }
    e.required = *req;
    if (cols.size() == 7) {
        e.notes = cols[6];
    }
    return e;
}

/// Calls on_line(line, number) for each line of a data file (the catalog's format, the
/// public-secret list) that is neither empty nor a '#' comment, in file order; a trailing '\r' is
/// cut. `number` is 1-based.
template <typename OnLine>
constexpr void for_each_data_line(std::string_view text, OnLine&& on_line) {
    int n = 0;
    for (size_t start = 0; start <= text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        auto line = text.substr(start, end - start);
        start = end + 1;
        ++n;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        on_line(line, n);
    }
}

/// Calls on_entry(Entry) for each entry line of `text`, in file order. Throws (or, in a constant
/// expression, fails to compile) at the first malformed line.
template <typename OnEntry>
constexpr void for_each_entry(std::string_view text, std::string_view origin, OnEntry&& on_entry) {
    for_each_data_line(text, [&](std::string_view line, int n) { on_entry(parse_line(Columns(line), origin, n)); });
}

}  // namespace dgl::catalog::detail
