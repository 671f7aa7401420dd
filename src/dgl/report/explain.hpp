// `explain`: where each value came from (contract.md §7): the value (redacted), its layer and
// source, and every source it shadowed with whether that value differed.
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/env/variable.hpp"

#include <string>
#include <vector>

namespace dgl::report {

/// The keys to explain: `requested` in the order given (duplicates dropped), or every variable
/// of `vars` (the child's environment, sorted) when none is requested.
std::vector<std::string> explain_keys(const env::EnvMap& vars, const std::vector<std::string>& requested);

/// {"KEY": {"value", "secret", "layer", "source", "shadowed": [{"source", "layer", "same_value"}]}}
/// A requested key that is not set is `null`. Values pass through redact::display().
std::string explain_json(const env::EnvMap& vars, const std::vector<std::string>& keys, bool reveal);

/// The same for people, with the findings that name each key.
std::string explain_text(const env::EnvMap& vars, const std::vector<std::string>& keys, bool reveal,
                         const check::Findings& findings);

}  // namespace dgl::report
