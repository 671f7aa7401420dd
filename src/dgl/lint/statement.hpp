// Where one python-dotenv statement sits in the raw text of a .env file: the bytes of its key,
// value and inline comment. `lint` reads the constructs from it; `lint --fix` replaces exactly
// these bytes and leaves every other byte (comment lines, blank lines, line endings) as it was.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::lint {

enum class Quote { none, single, double_ };

struct Span {
    std::size_t key_begin = 0;  ///< byte offset of the key (after any `export `)
    std::size_t end = 0;        ///< byte offset where the statement's last line ends (before its line break)
    bool quoted_key = false;    ///< `'KEY'=...`
    Quote quote = Quote::none;
    /// The value as written: between the quotes, or for an unquoted value what python-dotenv keeps
    /// (cut at whitespace + `#`, right-trimmed). Escapes are not decoded.
    std::string raw_value;
    /// Unquoted values only: the rest of the line after `=` and the blanks after it, uncut.
    std::string rest_of_line;
    std::string comment;  ///< the inline comment from its `#` to the line end; empty if none
};

/// Where each physical line of a text starts (line breaks `\r\n`, `\n`, `\r`, as Python's
/// universal newlines), so that a statement is found without rescanning the text.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    /// Byte offset of 1-based `line` and code-point `col`, or npos when the text is shorter.
    std::size_t offset(int line, int col) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

/// The statement whose key python-dotenv reports at physical `line` and code-point `col` (both
/// 1-based) of `text`. nullopt when no statement of python-dotenv's grammar starts there.
std::optional<Span> locate(std::string_view text, const LineIndex& lines, int line, int col);
std::optional<Span> locate(std::string_view text, int line, int col);

}  // namespace dgl::lint
