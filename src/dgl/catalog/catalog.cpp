// The catalog: parsing data/catalog.tsv (compiled in) and --schema files, and the lookups
// redaction and the checks use.
#include "dgl/catalog/catalog.hpp"

#include "dgl/catalog/embedded.hpp"
#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <array>

namespace dgl::catalog {

namespace {

constexpr std::array<std::string_view, 6> k_services{"default",    "walrus",     "eventhandlers",
                                                     "dispatcher", "migrations", "frontend"};
constexpr std::uintmax_t k_max_schema_bytes = 4U * 1024U * 1024U;

bool valid_name(std::string_view s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) != 0) {
        return false;
    }
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
}

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
    // Never echo the line: a file given to --schema by mistake may be a .env full of secrets.
    throw launcher_error("malformed catalog entry at " + where + ": " + what);
}

std::optional<Type> parse_type(std::string_view s, std::vector<std::string>& values) {
    static constexpr std::array<std::pair<std::string_view, Type>, 7> k_types{{
        {"bool", Type::boolean}, {"int", Type::integer}, {"string", Type::string}, {"url", Type::url},
        {"sqlalchemy_url", Type::sqlalchemy_url}, {"fernet_key", Type::fernet_key}, {"path", Type::path},
    }};
    for (const auto& [name, t] : k_types) {
        if (s == name) {
            return t;
        }
    }
    if (s.starts_with("enum:")) {
        values = util::split(s.substr(5), '|');
        if (std::any_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); })) {
            return std::nullopt;
        }
        return Type::enumeration;
    }
    return std::nullopt;
}

std::optional<SecretClass> parse_secret(std::string_view s) {
    static constexpr std::array<std::pair<std::string_view, SecretClass>, 5> k_classes{{
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

std::optional<Requirement> parse_required(std::string_view s) {
    Requirement r;
    if (s == "-") {
        return r;
    }
    if (s == "always") {
        r.kind = Requirement::Kind::always;
        return r;
    }
    const auto eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == s.size()) {
        return std::nullopt;
    }
    const auto lhs = s.substr(0, eq);
    r.values = util::split(s.substr(eq + 1), '|');
    if (std::any_of(r.values.begin(), r.values.end(), [](const std::string& v) { return v.empty(); })) {
        return std::nullopt;
    }
    if (lhs == "service") {
        r.kind = Requirement::Kind::for_services;
        if (!std::all_of(r.values.begin(), r.values.end(), [](const std::string& v) { return is_service_name(v); })) {
            return std::nullopt;
        }
        return r;
    }
    if (!valid_name(lhs)) {
        return std::nullopt;
    }
    r.kind = Requirement::Kind::when_key;
    r.key = std::string(lhs);
    return r;
}

Entry parse_line(const std::vector<std::string_view>& cols, const std::string& where) {
    if (cols.size() != 6 && cols.size() != 7) {
        malformed(where, "expected 6 or 7 tab-separated columns (name, type, default, secret, services, "
                         "required[, notes]), found " + std::to_string(cols.size()));
    }
    Entry e;
    e.name = std::string(cols[0]);
    e.defined_at = where;
    if (!valid_name(e.name)) {
        malformed(where, "column 1 (name) is not a variable name");
    }
    auto type = parse_type(cols[1], e.enum_values);
    if (!type) {
        malformed(where, "column 2 (type) must be bool, int, string, enum:V1|V2..., url, sqlalchemy_url, "
                         "fernet_key or path");
    }
    e.type = *type;
    if (cols[2] == "\"\"") {
        e.default_value = std::string();
    } else if (cols[2] != "-") {
        e.default_value = std::string(cols[2]);
    }
    auto secret = parse_secret(cols[3]);
    if (!secret) {
        malformed(where, "column 4 (secret) must be secret, credential_id, secret_path, security_flag or public");
    }
    e.secret = *secret;
    if (cols[4] != "-") {
        e.services = util::split(cols[4], ',');
        if (!std::all_of(e.services.begin(), e.services.end(), [](const std::string& s) { return is_service_name(s); })) {
            malformed(where, "column 5 (services) must be - or a comma list of default, walrus, eventhandlers, "
                             "dispatcher, migrations, frontend");
        }
    }
    auto req = parse_required(cols[5]);
    if (!req) {
        malformed(where, "column 6 (required) must be -, always, KEY=V1|V2... or service=S1|S2...");
    }
    e.required = std::move(*req);
    if (cols.size() == 7) {
        e.notes = std::string(cols[6]);
    }
    return e;
}

std::shared_ptr<const Catalog>& active_slot() {
    static std::shared_ptr<const Catalog> slot;
    return slot;
}

}  // namespace

Catalog& Catalog::operator=(const Catalog& other) {
    if (this != &other) {
        m_entries = other.m_entries;
        reindex();
    }
    return *this;
}

void Catalog::reindex() {
    m_index.clear();
    m_index.reserve(m_entries.size());
    for (const auto& [name, e] : m_entries) {
        m_index.emplace(name, &e);
    }
}

const Entry* Catalog::find(std::string_view key) const {
    auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : it->second;
}

void Catalog::add(Entry e) {
    auto name = e.name;
    const auto it = m_entries.insert_or_assign(std::move(name), std::move(e)).first;
    m_index.insert_or_assign(std::string_view(it->first), &it->second);
}

void Catalog::merge(Catalog other) {
    for (auto& [name, e] : other.m_entries) {
        add(std::move(e));
    }
}

Catalog parse(std::string_view text, const std::string& origin) {
    Catalog c;  // a fresh one per file: a name it already holds is defined twice in this file
    int n = 0;
    for (auto line : util::split_views(text, '\n')) {
        ++n;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const std::string where = origin + ":" + std::to_string(n);
        auto e = parse_line(util::split_views(line, '\t'), where);
        if (c.find(e.name) != nullptr) {
            malformed(where, e.name + " is defined twice in this file");
        }
        c.add(std::move(e));
    }
    return c;
}

const Catalog& builtin() {
    static const Catalog c = parse(embedded::catalog_tsv(), "catalog.tsv");
    return c;
}

Catalog with_schemas(const std::vector<std::string>& schema_files) {
    Catalog c = builtin();
    for (const auto& file : schema_files) {
        c.merge(parse(util::read_file_limited(file, k_max_schema_bytes, "schema file"), file));
    }
    return c;
}

const Catalog& active() {
    const auto& slot = active_slot();
    return slot ? *slot : builtin();
}

void set_active(Catalog c) { active_slot() = std::make_shared<const Catalog>(std::move(c)); }

std::optional<SecretClass> secret_class(std::string_view key) {
    if (const auto* e = active().find(key)) {
        return e->secret;
    }
    return std::nullopt;
}

const char* to_string(SecretClass c) {
    switch (c) {
    case SecretClass::public_value:
        return "public";
    case SecretClass::secret:
        return "secret";
    case SecretClass::credential_id:
        return "credential_id";
    case SecretClass::secret_path:
        return "secret_path";
    case SecretClass::security_flag:
        return "security_flag";
    }
    return "public";
}

const char* to_string(Type t) {
    switch (t) {
    case Type::boolean:
        return "bool";
    case Type::integer:
        return "int";
    case Type::string:
        return "string";
    case Type::enumeration:
        return "enum";
    case Type::url:
        return "url";
    case Type::sqlalchemy_url:
        return "sqlalchemy_url";
    case Type::fernet_key:
        return "fernet_key";
    case Type::path:
        return "path";
    }
    return "string";
}

bool is_service_name(std::string_view s) {
    return std::find(k_services.begin(), k_services.end(), s) != k_services.end();
}

}  // namespace dgl::catalog
