// The catalog: parsing --schema files, merging them over the built-in catalog (builtin.cpp), and
// the lookups redaction and the checks use.
#include "dgl/catalog/catalog.hpp"

#include "dgl/catalog/parse.hpp"
#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace dgl::catalog {

namespace detail {

void malformed(const Entry& at, const std::string& what) {
    // Never echo the line: a file given to --schema by mistake may be a .env full of secrets.
    throw launcher_error("malformed catalog entry at " + at.defined_at() + ": " + what);
}

void malformed_columns(const Entry& at, size_t found) {
    malformed(at, "expected 6 or 7 tab-separated columns (name, type, default, secret, services, required[, notes]), "
                  "found " + std::to_string(found));
}

}  // namespace detail

namespace {

constexpr std::uintmax_t k_max_schema_bytes = 4U * 1024U * 1024U;

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
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    assign_sorted(entries);
}

void Catalog::assign_sorted(std::span<const Entry> sorted) {
    Entries::sequence_type seq;
    seq.reserve(sorted.size());
    for (const auto& e : sorted) {
        seq.emplace_back(e.name, e);
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

/// Entries view `text` and `origin`, which must outlive the catalog (see parse).
Catalog parse_in_place(Catalog c, std::string_view text, std::string_view origin) {
    // Parsed in file order (the first malformed or repeated line is the one reported), then
    // sorted once and indexed once.
    const size_t expected = text.size() / 64 + 8;  // catalog.tsv: about 150 bytes a line
    std::vector<Entry> entries;
    entries.reserve(expected);
    util::ViewMap<bool> seen;
    seen.reserve(expected);
    detail::for_each_entry(text, origin, [&](const Entry& e) {
        if (!seen.emplace(e.name, true).second) {
            detail::malformed(e, std::string(e.name) + " is defined twice in this file");
        }
        entries.push_back(e);
    });
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

bool is_service_name(std::string_view s) { return detail::service_name(s); }

}  // namespace dgl::catalog
