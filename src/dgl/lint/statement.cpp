// Where one python-dotenv statement sits in the raw text (see statement.hpp). It follows
// python-dotenv's grammar (parser.py) for a statement that python-dotenv has already accepted, so
// it only has to find boundaries, never to judge. Blanks are the ASCII ones; a statement that uses
// other Unicode spaces is located all the same, and --fix re-reads whatever it writes anyway.
#include "dgl/lint/statement.hpp"

namespace dgl::lint {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_hspace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

/// Byte offset of `line`:`col`, or npos when the text is shorter.
std::size_t offset_of(std::string_view text, int line, int col) {
    std::size_t i = 0;
    for (int l = 1; l < line; ++l) {
        while (i < text.size() && !is_break(text[i])) {
            ++i;
        }
        if (i >= text.size()) {
            return npos;
        }
        i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    }
    for (int c = 1; c < col; ++c) {
        if (i >= text.size() || is_break(text[i])) {
            return npos;
        }
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
            ++i;
        }
    }
    return i;
}

std::size_t line_end(std::string_view text, std::size_t i) {
    while (i < text.size() && !is_break(text[i])) {
        ++i;
    }
    return i;
}

/// python-dotenv's `'((?:\\'|[^'])*)'` (and the double-quoted twin): the first quote that no
/// backslash precedes closes the value; failing that, the regex backtracks to the last quote of
/// the text (see Parser::closing_quote in dotenv_python.cpp).
std::size_t closing_quote(std::string_view text, std::size_t open) {
    const char q = text[open];
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (text[i] == q && text[i - 1] != '\\') {
            return i;
        }
    }
    const std::size_t last = text.rfind(q);
    return last != npos && last > open ? last : npos;
}

}  // namespace

std::optional<Span> locate(std::string_view text, int line, int col) {
    Span s;
    std::size_t i = offset_of(text, line, col);
    if (i == npos || i >= text.size()) {
        return std::nullopt;
    }
    s.key_begin = i;
    if (text[i] == '\'') {
        const std::size_t close = text.find('\'', i + 1);
        if (close == npos) {
            return std::nullopt;
        }
        s.quoted_key = true;
        i = close + 1;
    } else {
        while (i < text.size() && text[i] != '=' && text[i] != '#' && !is_hspace(text[i]) && !is_break(text[i])) {
            ++i;
        }
    }
    while (i < text.size() && is_hspace(text[i])) {
        ++i;
    }
    if (i >= text.size() || text[i] != '=') {
        // A bare key: the statement ends with the key (and an optional comment).
        const std::size_t end = line_end(text, i);
        if (i < end && text[i] == '#') {
            s.comment = std::string(text.substr(i, end - i));
        }
        s.end = end;
        return s;
    }
    ++i;
    while (i < text.size() && is_hspace(text[i])) {
        ++i;
    }
    if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
        s.quote = text[i] == '\'' ? Quote::single : Quote::double_;
        const std::size_t close = closing_quote(text, i);
        if (close == npos) {
            return std::nullopt;
        }
        s.raw_value = std::string(text.substr(i + 1, close - i - 1));
        std::size_t j = close + 1;
        while (j < text.size() && is_hspace(text[j])) {
            ++j;
        }
        const std::size_t end = line_end(text, j);
        if (j < end && text[j] == '#') {
            s.comment = std::string(text.substr(j, end - j));
        }
        s.end = end;
        return s;
    }
    const std::size_t end = line_end(text, i);
    s.rest_of_line = std::string(text.substr(i, end - i));
    // `re.sub(r"\s+#.*", "", value).rstrip()`: the comment starts at the first `#` after a blank.
    std::size_t cut = end;
    for (std::size_t k = i + 1; k < end; ++k) {
        if (text[k] == '#' && is_hspace(text[k - 1])) {
            s.comment = std::string(text.substr(k, end - k));
            cut = k;
            break;
        }
    }
    while (cut > i && is_hspace(text[cut - 1])) {
        --cut;
    }
    s.raw_value = std::string(text.substr(i, cut - i));
    s.end = end;
    return s;
}

}  // namespace dgl::lint
