// The Diffgram settings catalog: what Diffgram reads, how it parses it, its default, how sensitive
// it is, who reads it and when it is required. The data is data/catalog.tsv, compiled in.
#pragma once

#include "dgl/util/split_view.hpp"
#include "dgl/util/view_map.hpp"

#include <boost/container/flat_map.hpp>

#include <memory>
#include <optional>
#include <span>
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
/// Entries hold views: of the embedded catalog (static storage) or of a --schema file's text,
/// which the Catalog keeps alive. No copy or allocation per field: the built-in catalog's entries
/// are built at compile time.
struct Requirement {
    enum class Kind { never, always, when_key, for_services };
    Kind kind = Kind::never;
    std::string_view key;     ///< when_key: the key whose value decides
    util::SplitView values;   ///< when_key: its values; for_services: the services
};

struct Entry {
    std::string_view name;
    Type type = Type::string;
    util::SplitView enum_values;                    ///< Type::enumeration only
    std::optional<std::string_view> default_value;  ///< nullopt = Diffgram leaves it unset (None)
    SecretClass secret = SecretClass::public_value;
    util::SplitView services;  ///< services that read it; empty = none of ours
    Requirement required;
    std::string_view notes;
    std::string_view origin;  ///< "catalog.tsv" or the --schema file
    int line = 0;             ///< line in `origin`

    /// "catalog.tsv:12" or "FILE:LINE" of a --schema file.
    [[nodiscard]] std::string defined_at() const;
};

class Catalog {
public:
    Catalog() = default;
    Catalog(const Catalog& other) : m_entries(other.m_entries), m_storage(other.m_storage) { reindex(); }
    Catalog& operator=(const Catalog& other);
    // Moving a flat_map moves its buffer: the index's views and pointers stay valid.
    Catalog(Catalog&&) noexcept = default;
    Catalog& operator=(Catalog&&) noexcept = default;
    ~Catalog() = default;

    using Entries = boost::container::flat_map<std::string_view, Entry, std::less<>>;

    /// nullptr when `key` is not in the catalog (names are case-sensitive, as in Diffgram).
    [[nodiscard]] const Entry* find(std::string_view key) const;
    [[nodiscard]] const Entries& entries() const { return m_entries; }
    /// Adds or replaces entries by name.
    void merge(Catalog other);
    /// Replaces every entry by `entries`, whose names are all different (a parse's result).
    void assign(std::vector<Entry> entries);
    /// Replaces every entry by `sorted`, in name order with all names different.
    void assign_sorted(std::span<const Entry> sorted);
    /// Keeps `text` alive as long as this catalog (or a copy) lives; entries may view it.
    std::string_view keep(std::string text);

private:
    void reindex();

    /// Sorted, so reports list keys in order; a flat vector, so that the built-in catalog costs no
    /// node per entry at each launch. Moving the catalog moves the buffer: the index stays valid.
    Entries m_entries;
    /// find() by hash: every check asks for every key, a map walk of string compares each time.
    util::ViewMap<const Entry*> m_index;
    /// Texts the views point into (--schema files and their names; the built-in text is static).
    std::vector<std::shared_ptr<const std::string>> m_storage;
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
