// Small string helpers shared by the CLI, the sources and the checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::util {

std::string to_lower(std::string_view s);
std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
/// split without copies: the views point into `s`.
std::vector<std::string_view> split_views(std::string_view s, char sep);

/// "a, b, c" (or with another separator).
std::string join(const std::vector<std::string>& v, std::string_view sep = ", ");
std::string join(const std::vector<std::string_view>& v, std::string_view sep = ", ");

/// Diffgram's EnvAdapter.bool on a string: strip + lower, then yes/y/true/1 or no/n/false/0/"".
/// nullopt where Diffgram raises ValueError at import.
std::optional<bool> parse_bool(std::string_view s);

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
/// True when every byte is below 0x80.
bool is_ascii(std::string_view s);
bool valid_utf8(std::string_view s);

/// JSON string literal (with quotes) for `s`; bytes that are not valid UTF-8 become \ufffd.
std::string json_quote(std::string_view s);

}  // namespace dgl::util
