// The catalog: parsing data/catalog.tsv (compiled in) and --schema files, and the lookups
// redaction and the checks use.
#include "dgl/catalog/catalog.hpp"

#include "dgl/catalog/embedded.hpp"
#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>

namespace dgl::catalog {

namespace {

constexpr std::array<std::string_view, 6> k_services{"default",    "walrus",     "eventhandlers",
                                                     "dispatcher", "migrations", "frontend"};
constexpr std::uintmax_t k_max_schema_bytes = 4U * 1024U * 1024U;

bool valid_name(std::string_view s) {
    // ASCII letters, digits and '_' (isalnum's set in the C locale), not starting with a digit.
    auto word_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    return !s.empty() && !(s[0] >= '0' && s[0] <= '9') && std::all_of(s.begin(), s.end(), word_char);
}

/// The tab-separated columns of one line, without a vector per line: a catalog line has 6 or 7
/// columns; anything beyond 8 is only counted, for the error message.
struct Columns {
    std::array<std::string_view, 8> cols{};
    size_t count = 0;

    explicit Columns(std::string_view line) {
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
    [[nodiscard]] size_t size() const { return count; }
    std::string_view operator[](size_t i) const { return cols[i]; }
};

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
    // Never echo the line: a file given to --schema by mistake may be a .env full of secrets.
    throw launcher_error("malformed catalog entry at " + where + ": " + what);
}

bool any_empty(const std::vector<std::string_view>& v) {
    return std::any_of(v.begin(), v.end(), [](std::string_view x) { return x.empty(); });
}

std::optional<Type> parse_type(std::string_view s, std::vector<std::string_view>& values) {
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
        values = util::split_views(s.substr(5), '|');
        if (any_empty(values)) {
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
    r.values = util::split_views(s.substr(eq + 1), '|');
    if (any_empty(r.values)) {
        return std::nullopt;
    }
    if (lhs == "service") {
        r.kind = Requirement::Kind::for_services;
        if (!std::all_of(r.values.begin(), r.values.end(), [](std::string_view v) { return is_service_name(v); })) {
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

Entry parse_line(const Columns& cols, std::string_view origin, int line) {
    Entry e;
    e.origin = origin;
    e.line = line;
    const auto where = [&e] { return e.defined_at(); };
    if (cols.size() != 6 && cols.size() != 7) {
        malformed(where(), "expected 6 or 7 tab-separated columns (name, type, default, secret, services, "
                         "required[, notes]), found " + std::to_string(cols.size()));
    }
    e.name = cols[0];
    if (!valid_name(e.name)) {
        malformed(where(), "column 1 (name) is not a variable name");
    }
    auto type = parse_type(cols[1], e.enum_values);
    if (!type) {
        malformed(where(), "column 2 (type) must be bool, int, string, enum:V1|V2..., url, sqlalchemy_url, "
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
        malformed(where(), "column 4 (secret) must be secret, credential_id, secret_path, security_flag or public");
    }
    e.secret = *secret;
    if (cols[4] != "-") {
        e.services = util::split_views(cols[4], ',');
        if (!std::all_of(e.services.begin(), e.services.end(), [](std::string_view s) { return is_service_name(s); })) {
            malformed(where(), "column 5 (services) must be - or a comma list of default, walrus, eventhandlers, "
                             "dispatcher, migrations, frontend");
        }
    }
    auto req = parse_required(cols[5]);
    if (!req) {
        malformed(where(), "column 6 (required) must be -, always, KEY=V1|V2... or service=S1|S2...");
    }
    e.required = std::move(*req);
    if (cols.size() == 7) {
        e.notes = cols[6];
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
        m_storage = other.m_storage;
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

void Catalog::assign(std::vector<Entry> entries) {
    // Sorted as positions (an Entry is large; the file is nearly sorted already), then each entry
    // moved once into place.
    std::vector<std::uint32_t> order(entries.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return entries[a].name < entries[b].name; });
    Entries::sequence_type seq;
    seq.reserve(entries.size());
    for (const auto i : order) {
        const auto name = entries[i].name;
        seq.emplace_back(name, std::move(entries[i]));
    }
    m_entries.adopt_sequence(boost::container::ordered_unique_range, std::move(seq));
    reindex();
}

void Catalog::merge(Catalog other) {
    m_storage.insert(m_storage.end(), other.m_storage.begin(), other.m_storage.end());
    for (auto& [name, e] : other.m_entries) {
        m_entries.insert_or_assign(name, std::move(e));
    }
    reindex();  // inserting into the flat map moved its entries
}

std::string_view Catalog::keep(std::string text) {
    m_storage.push_back(std::make_shared<const std::string>(std::move(text)));
    return *m_storage.back();
}

std::string Entry::defined_at() const { return std::string(origin) + ":" + std::to_string(line); }

namespace {

/// Entries view `text` and `origin`, which must outlive the catalog (see parse and builtin).
Catalog parse_in_place(Catalog c, std::string_view text, std::string_view origin) {
    // Parsed in file order (the first malformed or repeated line is the one reported), then
    // sorted once and indexed once: no map node or index growth per entry at each launch.
    const size_t expected = text.size() / 64 + 8;  // catalog.tsv: about 150 bytes a line
    std::vector<Entry> entries;
    entries.reserve(expected);
    util::ViewMap<bool> seen;
    seen.reserve(expected);
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
        auto e = parse_line(Columns(line), origin, n);
        if (!seen.emplace(e.name, true).second) {
            malformed(e.defined_at(), std::string(e.name) + " is defined twice in this file");
        }
        entries.push_back(std::move(e));
    }
    c.assign(std::move(entries));
    return c;
}

}  // namespace

Catalog parse(std::string_view text, const std::string& origin) {
    Catalog c;
    const auto kept_origin = c.keep(origin);
    const auto kept_text = c.keep(std::string(text));
    return parse_in_place(std::move(c), kept_text, kept_origin);
}

const Catalog& builtin() {
    // The embedded text has static storage: nothing to copy or keep.
    static const Catalog c = parse_in_place(Catalog(), embedded::catalog_tsv(), "catalog.tsv");
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
