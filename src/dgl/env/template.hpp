// compose-go `template` interpolation ($VAR, ${VAR}, ${VAR:-d}, ${VAR?msg}, $$ ...) as docker compose
// applies it to `.env` values. Pure: no I/O, no logging; the error kind is a fixed phrase and any
// input-derived detail is kept in separate, clearly marked fields.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dgl::dotenv {

/// Variable lookup for interpolation: nullopt = unset (compose's Mapping returning ok=false).
using TemplateLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Why an interpolation failed.
struct TemplateError {
    /// Fixed phrase, safe to print: "invalid template", "required variable is missing a value",
    /// "template nesting too deep" or "value grows past 1 MiB through interpolation" (our own
    /// guards, see template.cpp).
    std::string kind;
    /// Required-variable errors only: the NAME from `${NAME?msg}`. Input text: never print it.
    std::string variable;
    /// Required-variable errors only: the interpolated `msg`. Input text that may embed expanded
    /// secrets (`${A:?${TOKEN}}`): never print it. It exists so tests can rebuild compose's message.
    std::string reason;
    /// What compose's `template.Substitute` returns next to the error: every failing top-level
    /// expression replaced by "", the rest substituted. Input text: never print it.
    std::string partial;
    /// Byte offset in the interpolated text of the `$` that starts the failing expression.
    std::size_t offset = 0;
};

/// compose-go `template.Substitute(text, lookup)` (the lazy-default version, compose-go#847).
/// Returns the substituted text, or nullopt on error with `*error_kind` set to the fixed phrase.
std::optional<std::string> interpolate_compose(std::string_view text, const TemplateLookup& lookup,
                                               std::string* error_kind = nullptr);

/// Same as interpolate_compose, with the full error detail (see TemplateError for what is safe).
std::optional<std::string> interpolate_compose_detailed(std::string_view text, const TemplateLookup& lookup,
                                                        TemplateError& error);

}  // namespace dgl::dotenv
