// `lint --fix`: a spelling of each disagreeing statement that python-dotenv and compose both read
// as python-dotenv reads the original, found by trying the candidate spellings and re-reading each
// one with both dialects (the readers are the judges, not a table of rules).
#pragma once

#include "dgl/lint/analyse.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dgl::lint {

struct Proposal {
    std::string statement;  ///< the new `KEY=value[ # comment]` text (holds the value: never print it for a secret)
    std::string how;        ///< fixed phrase: "single quotes", "double quotes", "no quotes", "an unquoted key"
    /// The value no longer holds a `${...}` that python-dotenv expanded to nothing (e.g. `${B.C}`,
    /// `${NOPE-d}`): the text python-dotenv produced is written instead.
    bool resolved = false;
};

/// A spelling of statement `index` that both readers read as python-dotenv reads it now; `lookup`
/// is what both see at that statement (EarlierKeys: the environment, then earlier keys of the
/// file). nullopt when no spelling exists.
std::optional<Proposal> propose(const Analysis& a, std::size_t index, const Lookup& lookup);

struct Rewritten {
    int line = 0;  ///< line of the statement in the original file
    std::string key;
    std::string how;
    bool resolved = false;
    std::size_t index = 0;  ///< index in Analysis::statements
};

struct FixResult {
    std::string text;                  ///< the whole new file
    std::vector<Rewritten> rewritten;  ///< statements replaced, in file order
    bool bom_removed = false;
    bool final_newline_added = false;
    bool line_endings_fixed = false;   ///< lone CRs written as LF
    bool changed = false;
};

/// Rewrites every statement of `a` that needs it and can be fixed; leaves the rest byte for byte.
FixResult fix(const Analysis& a, const Environment& environment);

/// What `lint --fix` did to one file, for the report.
struct FixOutcome {
    std::string source;   ///< the file that was read
    FixResult result;
    std::string written;  ///< the file written ("" when nothing was written)
    std::string backup;   ///< --in-place: where the original was kept
    Analysis after;       ///< the written text, read again by both dialects: what is left to do
};

/// True when `fixed` keeps python-dotenv's reading of `original` (same statements, keys and
/// values, same skipped statements) and compose reads every rewritten statement the same way.
bool keeps_meaning(const Analysis& original, const Analysis& fixed, const FixResult& result);

}  // namespace dgl::lint
