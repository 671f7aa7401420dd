// Provenance model: every value remembers its layer (contract.md §3) and its place of origin.
#pragma once

#include "dgl/redact/redact.hpp"

#include <boost/container/flat_map.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::env {

/// The precedence layers of contract.md §3, numbered as there (1 = highest without --override).
enum class Layer : int {
    cli_set = 1,      ///< --set KEY=VALUE
    process_env = 2,  ///< the inherited process environment
    secret_file = 3,  ///< KEY_FILE indirection, --secrets-dir, $CREDENTIALS_DIRECTORY
    command = 4,      ///< --from-cmd / --from-cmd-json output
    dotenv = 5,       ///< .env files
};

/// A place shown to users, "app.env:3", "process environment", "command #2": a source name
/// and, for a line of a file, its number. The name is interned (place.cpp) and the text made
/// only when shown: a 100k-key .env would otherwise hold 100k copies of its own path.
class Place {
public:
    Place() = default;
    Place(std::string_view text);  // NOLINT(google-explicit-constructor): a plain place, no line
    Place(const std::string& text) : Place(std::string_view(text)) {}  // NOLINT(google-explicit-constructor)
    Place(const char* text) : Place(std::string_view(text)) {}         // NOLINT(google-explicit-constructor)
    /// `name:line`, the name interned once per file by the caller.
    Place(const std::string* interned_name, int line) : m_name(interned_name), m_line(line) {}

    /// The text users see.
    [[nodiscard]] std::string str() const;
    operator std::string() const { return str(); }  // NOLINT(google-explicit-constructor)
    /// The source name without the line ("app.env" for "app.env:3").
    [[nodiscard]] std::string_view name() const { return m_name == nullptr ? std::string_view() : *m_name; }
    [[nodiscard]] int line() const { return m_line; }
    [[nodiscard]] bool starts_with(std::string_view prefix) const { return m_line == 0 && name().starts_with(prefix); }

    friend bool operator==(const Place& a, const Place& b) { return a.name() == b.name() && a.m_line == b.m_line; }
    friend std::string operator+(std::string lhs, const Place& p) { return lhs += p.str(); }
    friend std::string operator+(const Place& p, std::string_view rhs) { return p.str().append(rhs); }

    /// The one stored copy of `text`, kept until the process ends.
    static const std::string* intern(std::string_view text);

private:
    const std::string* m_name = nullptr;
    int m_line = 0;  ///< 0: no line number
};

/// Where one value came from.
struct Origin {
    Layer layer = Layer::dotenv;
    Place where;  ///< shown to users; never contains a value
    int order = 0;      ///< position of the source within its layer (later = higher)
    int seq = 0;        ///< position within the source, e.g. the statement index (later = higher)
};

/// How redaction sees a value from `o`: one from a secret file is a secret whatever its name.
inline redact::Source redaction_source(const Origin& o) {
    return o.layer == Layer::secret_file ? redact::Source::secret_store : redact::Source::other;
}

/// One value offered by one source.
struct Candidate {
    std::string key;
    std::string value;
    Origin origin;
};

/// A resolved variable: the winning value and every candidate it shadowed, best first. Its key is
/// the EnvMap's (one copy per variable: 100k-key files hold no second one).
struct Variable {
    std::string value;
    Origin origin;
    std::vector<Candidate> shadowed;
};

/// The resolved environment, sorted by key for deterministic output. Found by views too. A sorted
/// vector rather than a tree: resolve() appends the variables in key order, every pass after it
/// walks them in that order, and 100k-key files would otherwise cost a node allocation each and a
/// pointer chase per step. (Erasing many keys: env::erase_if, one pass.)
using EnvMap = boost::container::flat_map<std::string, Variable, std::less<>>;

/// Removes the variables `pred(key, variable)` selects, in one pass over the map.
template <typename Pred>
void erase_if(EnvMap& vars, Pred pred) {
    auto seq = vars.extract_sequence();
    seq.erase(std::remove_if(seq.begin(), seq.end(), [&](const auto& kv) { return pred(kv.first, kv.second); }),
              seq.end());
    vars.adopt_sequence(boost::container::ordered_unique_range, std::move(seq));
}

inline int layer_number(Layer l) { return static_cast<int>(l); }

}  // namespace dgl::env
