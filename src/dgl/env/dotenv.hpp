// .env grammars: text in, bindings out. Pure functions, no I/O, no logging.
// Two dialects: python-dotenv 1.0.0 (Diffgram's reader) and compose-go (docker compose).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::dotenv {

enum class Dialect { python_dotenv, compose };

/// One statement of a .env text.
struct Binding {
    std::string key;
    /// nullopt for a bare `KEY` line (python-dotenv: not set; compose: inherited or dropped).
    std::optional<std::string> value;
    int line = 0;              ///< 1-based physical line of the key
    int col = 0;               ///< 1-based column (in code points) of the key
    bool interpolate = true;   ///< python-dotenv: always true (#422); compose: already done
    /// python-dotenv's Binding.original.line: blank lines before a statement count towards it,
    /// so it can be earlier than `line`. Kept to compare with python-dotenv; users see `line`.
    int stmt_line = 0;
};

/// A statement that could not be parsed. Holds position and a fixed phrase, never input text,
/// because the line may hold a secret.
struct Issue {
    int line = 0;       ///< 1-based physical line where the failing read was attempted
    int col = 0;        ///< 1-based column (code points) on that line
    std::string kind;   ///< e.g. "unterminated double-quoted value"
    int stmt_line = 0;  ///< python-dotenv's "statement starting at line N"
};

struct ParseResult {
    std::vector<Binding> bindings;  ///< in file order; duplicates kept (the caller applies last-wins)
    std::vector<Issue> issues;      ///< skipped statements (python-dotenv) or the fatal error (compose)
    bool fatal = false;             ///< compose: the whole file is rejected, bindings is empty
    bool bom_stripped = false;      ///< a leading UTF-8 BOM was removed
};

/// Variable lookup for interpolation. nullopt = unset. An inner nullopt is a key that the
/// file declared bare (python-dotenv keeps it as None, which resolves to "").
using Lookup = std::function<std::optional<std::optional<std::string>>(std::string_view name)>;

/// Python's universal newlines: `\r\n` and lone `\r` become `\n`, as open() in text mode does
/// before python-dotenv sees a file (Diffgram calls load_dotenv(path)).
std::string universal_newlines(std::string_view text);

/// python-dotenv 1.0.0 `parse_stream`: raw values (quotes and escapes decoded), no interpolation.
/// A leading BOM is stripped (python-dotenv <= 1.2.2 keeps it in the first key; nobody wants that).
ParseResult parse_python(std::string_view text);

/// python-dotenv `variables.py`: expand `${NAME}` and `${NAME:-default}` in `value`.
/// The default applies only when NAME is unset; `$NAME` and other forms stay literal.
/// Throws Error(125) when the result would pass limits::k_max_value_bytes.
std::string interpolate_python(std::string_view value, const Lookup& lookup);

/// python-dotenv `resolve_variables`: interpolate every binding in file order.
/// override=false (load_dotenv default): `environment` first, then earlier keys of the file;
/// override=true (dotenv_values, `dotenv run`): earlier keys of the file first, then `environment`.
/// Returns the bindings with their final values; bare keys stay nullopt. Taken by value: a
/// caller done with the parse moves it in and no value is copied. Throws Error(125), naming the
/// key's LINE:COL, when a value would pass limits::k_max_value_bytes.
std::vector<Binding> resolve_python(std::vector<Binding> bindings,
                                    const std::function<std::optional<std::string>(std::string_view)>& environment,
                                    bool override);

/// compose-go `dotenv.ParseWithLookup` + `template`: parse and interpolate in one pass.
/// `environment` is consulted first, then earlier keys of the file (compose's order).
/// Any error rejects the whole file: fatal=true, one Issue with the line.
ParseResult parse_compose(std::string_view text,
                          const std::function<std::optional<std::string>(std::string_view)>& environment);

}  // namespace dgl::dotenv
