// The Diffgram settings catalog: what Diffgram reads, how it parses it, its default, how sensitive
// it is, who reads it and when it is required. The data is data/catalog.tsv, compiled in.
#pragma once

#include "dgl/util/view_map.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::catalog {

/// Secret classes of diffgram-reference.md §2.4.
enum class SecretClass {
    public_value,   ///< not sensitive
    secret,         ///< secret material (Y)
    credential_id,  ///< credential identifier (ID), redacted like a secret
    secret_path,    ///< path to a file whose content is a secret (P)
    security_flag,  ///< security-sensitive flag (F)
};

/// How Diffgram parses the value (EnvAdapter.bool, int(), or a string with a known shape).
enum class Type { boolean, integer, string, enumeration, url, sqlalchemy_url, fernet_key, path };

/// When a key must be set: never, always, while another key has one of some values, or for
/// some services (an error there, a warning for the other services that read it).
struct Requirement {
    enum class Kind { never, always, when_key, for_services };
    Kind kind = Kind::never;
    std::string key;                  ///< when_key: the key whose value decides
    std::vector<std::string> values;  ///< when_key: its values; for_services: the services
};

struct Entry {
    std::string name;
    Type type = Type::string;
    std::vector<std::string> enum_values;      ///< Type::enumeration only
    std::optional<std::string> default_value;  ///< nullopt = Diffgram leaves it unset (None)
    SecretClass secret = SecretClass::public_value;
    std::vector<std::string> services;  ///< services that read it; empty = none of ours
    Requirement required;
    std::string notes;
    std::string defined_at;  ///< "catalog.tsv:12" or "FILE:LINE" of a --schema file
};

class Catalog {
public:
    Catalog() = default;
    Catalog(const Catalog& other) : m_entries(other.m_entries) { reindex(); }
    Catalog& operator=(const Catalog& other);
    // Moving a std::map moves its nodes: the index's views and pointers stay valid.
    Catalog(Catalog&&) noexcept = default;
    Catalog& operator=(Catalog&&) noexcept = default;
    ~Catalog() = default;

    /// nullptr when `key` is not in the catalog (names are case-sensitive, as in Diffgram).
    [[nodiscard]] const Entry* find(std::string_view key) const;
    [[nodiscard]] const std::map<std::string, Entry, std::less<>>& entries() const { return m_entries; }
    /// Adds or replaces entries by name.
    void merge(Catalog other);
    void add(Entry e);

private:
    void reindex();

    std::map<std::string, Entry, std::less<>> m_entries;  ///< sorted: reports list keys in order
    /// find() by hash: every check asks for every key, a map walk of string compares each time.
    util::ViewMap<const Entry*> m_index;
};

/// Parses catalog text (the format of data/catalog.tsv). Throws Error(125) naming
/// `origin:line` for a malformed line.
Catalog parse(std::string_view text, const std::string& origin);

/// The catalog compiled into the binary.
const Catalog& builtin();

/// The builtin catalog with every --schema file merged in, in order (later wins). Throws
/// Error(125) when a file cannot be read or is malformed.
Catalog with_schemas(const std::vector<std::string>& schema_files);

/// The catalog the rest of the process uses (redaction included). Set once by the pipeline after
/// --schema files are read, so that a site's own secrets are redacted too; builtin() until then.
const Catalog& active();
void set_active(Catalog c);

/// The class the active catalog gives `key`, or nullopt when the catalog does not know the key.
std::optional<SecretClass> secret_class(std::string_view key);

const char* to_string(SecretClass c);
const char* to_string(Type t);

/// Services a profile may name (contract §2 --service).
bool is_service_name(std::string_view s);

}  // namespace dgl::catalog
