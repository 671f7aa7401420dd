// Why python-dotenv and docker compose read one statement differently, in words: the constructs
// of dotenv-dialects.md §C.3 found in the statement as written, each with a way to write it that
// both readers agree on.
#pragma once

#include "dgl/lint/statement.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::lint {

/// Variable lookup shared by both readers: the process environment, then earlier keys of the file.
using Lookup = std::function<std::optional<std::string>(std::string_view)>;

struct Reason {
    std::string what;  ///< e.g. "compose expands `$HOME`; python-dotenv keeps it literally"
    std::string hint;  ///< how to write it so that both agree
};

/// The constructs in `span` on which the two readers disagree. With `secret`, the words name the
/// kind of construct only (no variable names, no text of the value: it may be part of a secret).
/// `lookup` decides the constructs whose outcome depends on a variable (`${N:-d}` with N empty).
std::vector<Reason> explain(const Span& span, bool secret, const Lookup& lookup);

}  // namespace dgl::lint
