// Precedence: the one place that decides which source wins (contract.md §3) and which
// conflicts are reported (contract.md §4).
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/env/dotenv.hpp"
#include "dgl/env/variable.hpp"
#include "dgl/source/dotenv_file.hpp"

#include <vector>

namespace dgl::env {

/// A `KEY_FILE=/path` indirection (contract.md §3): the file's content is offered for KEY as a
/// layer-3 candidate (Origin.order == `order`), and KEY_FILE itself never reaches the child.
struct FileIndirection {
    std::string key;             ///< KEY
    std::string file_key;        ///< KEY_FILE
    std::string file_key_where;  ///< where KEY_FILE was set ("process environment", "app.env:3", ...)
    int order = 0;               ///< order of KEY's layer-3 candidate read from the file
};

/// Everything the sources offered, by layer, before any decision.
struct Inputs {
    std::vector<Candidate> sets;          ///< layer 1
    std::vector<Candidate> process;       ///< layer 2
    std::vector<Candidate> secret_files;  ///< layer 3
    std::vector<Candidate> commands;      ///< layer 4
    std::vector<source::DotenvFile> dotenv_files;  ///< layer 5, command-line order
    std::vector<FileIndirection> file_indirections;  ///< KEY_FILE variables already read into layer 3
    bool override_env = false;
    std::vector<std::string> allow_unsafe;  ///< --allow-unsafe KEY (key_policy.hpp)
    dotenv::Dialect dialect = dotenv::Dialect::python_dotenv;
};

struct Resolution {
    EnvMap vars;
    check::Findings findings;  ///< parse problems and conflicts; no catalog checks
};

/// True when candidate `a` wins over `b` under the contract's order (with or without --override).
bool wins_over(const Origin& a, const Origin& b, bool override_env);

/// Resolves every key to its winner, keeping what it shadowed, and reports conflicts.
/// .env files are interpolated here, because their `${VAR}` lookups depend on the layers above.
Resolution resolve(const Inputs& in);

}  // namespace dgl::env
