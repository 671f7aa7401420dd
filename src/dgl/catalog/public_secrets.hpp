// Secret values that are public (defaults, Helm placeholders, published example files): a
// production install that uses one is as good as unprotected. Data: data/public-secrets.tsv.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::catalog {

/// Views of the embedded list (static storage): no copy per field at each launch.
struct PublicValue {
    std::string_view key;      ///< where it was found ("*" = any key)
    std::string_view pattern;  ///< the value; one '*' matches any run of characters
    std::string_view where;    ///< where it is published (shown in hints; never the value itself)
};

/// The list, parsed at compile time (a malformed data/public-secrets.tsv fails the build).
std::span<const PublicValue> public_values();

/// Where `value` is published, when it is a known public secret value (for any key).
std::optional<std::string> published_at(std::string_view value);

}  // namespace dgl::catalog

namespace dgl::catalog {

/// True for values that mean "not configured": empty, the Helm placeholder `none` (any case), and
/// the published placeholders listed for any key (`put_your_*_here`, `provided_by_diffgram_team`).
bool is_placeholder(std::string_view value);

}  // namespace dgl::catalog
