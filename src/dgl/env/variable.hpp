// Provenance model: every value remembers its layer (contract.md §3) and its place of origin.
#pragma once

#include <map>
#include <optional>
#include <string>
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

/// Where one value came from: "app.env:3", "process environment", "command #2", ...
struct Origin {
    Layer layer = Layer::dotenv;
    std::string where;  ///< shown to users; never contains a value
    int order = 0;      ///< position of the source within its layer (later = higher)
    int seq = 0;        ///< position within the source, e.g. the statement index (later = higher)
};

/// One value offered by one source.
struct Candidate {
    std::string key;
    std::string value;
    Origin origin;
};

/// A resolved variable: the winning value and every candidate it shadowed, best first.
struct Variable {
    std::string key;
    std::string value;
    Origin origin;
    std::vector<Candidate> shadowed;
};

/// The resolved environment, sorted by key for deterministic output.
using EnvMap = std::map<std::string, Variable>;

inline int layer_number(Layer l) { return static_cast<int>(l); }

}  // namespace dgl::env
