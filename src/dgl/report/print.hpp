// `print`: the child's final environment in a machine-readable format (contract.md §7).
// Every value passes through redact::display().
#pragma once

#include "dgl/env/variable.hpp"

#include <string>

namespace dgl::report {

/// Renders `vars` in `format` (json, dotenv, ...). Secrets are "<redacted>" unless `reveal`.
/// Throws Error(125) for an unknown format or a value the format cannot represent.
std::string print(const env::EnvMap& vars, const std::string& format, bool reveal);

/// A python-dotenv double-quoted value that reads back as `value`. With
/// `keep_dollar_brace_literal`, a `${` is written so that python-dotenv's interpolation yields it
/// literally (a python-only form); without, `${` is left for the reader to expand.
std::string dotenv_quote(std::string_view value, bool keep_dollar_brace_literal = true);

}  // namespace dgl::report
