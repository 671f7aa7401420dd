// Where one python-dotenv statement sits in the raw text (see statement.hpp). It follows
// python-dotenv's grammar (parser.py) for a statement that python-dotenv has already accepted, so
// it only has to find boundaries, never to judge. Blanks are Python's (`\s` without line breaks,
// Unicode ones included), as python-dotenv's regexes use them.
#include "dgl/lint/statement.hpp"

namespace dgl::lint {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_break(char c) { return c == '\n' || c == '\r'; }

/// Byte length of the Python whitespace character (not a line break) at `i`, 0 if there is none.
/// The set is str.isspace()'s, as in dotenv_python.cpp.
std::size_t blank_at(std::string_view t, std::size_t i) {
    if (i >= t.size()) {
        return 0;
    }
    const auto b = [&](std::size_t k) { return k < t.size() ? static_cast<unsigned char>(t[k]) : 0U; };
    const unsigned c = b(i);
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1F)) {
        return 1;
    }
    if (c == 0xC2 && (b(i + 1) == 0x85 || b(i + 1) == 0xA0)) {
        return 2;  // U+0085, U+00A0
    }
    if (c == 0xE1 && b(i + 1) == 0x9A && b(i + 2) == 0x80) {
        return 3;  // U+1680
    }
    if (c == 0xE2 && b(i + 1) == 0x80 && ((b(i + 2) >= 0x80 && b(i + 2) <= 0x8A) || b(i + 2) == 0xA8 ||
                                           b(i + 2) == 0xA9 || b(i + 2) == 0xAF)) {
        return 3;  // U+2000..U+200A, U+2028, U+2029, U+202F
    }
    if (c == 0xE2 && b(i + 1) == 0x81 && b(i + 2) == 0x9F) {
        return 3;  // U+205F
    }
    if (c == 0xE3 && b(i + 1) == 0x80 && b(i + 2) == 0x80) {
        return 3;  // U+3000
    }
    return 0;
}

bool is_hspace(std::string_view t, std::size_t i) { return blank_at(t, i) != 0; }

std::size_t skip_blanks(std::string_view t, std::size_t i) {
    for (std::size_t n = blank_at(t, i); n != 0; n = blank_at(t, i)) {
        i += n;
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

LineIndex::LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) {
            starts_.push_back(i + 1);
        }
    }
}

std::size_t LineIndex::offset(int line, int col) const {
    if (line < 1 || static_cast<std::size_t>(line) > starts_.size()) {
        return npos;
    }
    std::size_t i = starts_[static_cast<std::size_t>(line - 1)];
    for (int c = 1; c < col; ++c) {
        if (i >= text_.size() || is_break(text_[i])) {
            return npos;
        }
        ++i;
        while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) {
            ++i;
        }
    }
    return i;
}

std::optional<Span> locate(std::string_view text, int line, int col) { return locate(text, LineIndex(text), line, col); }

std::optional<Span> locate(std::string_view text, const LineIndex& lines, int line, int col) {
    Span s;
    std::size_t i = lines.offset(line, col);
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
        while (i < text.size() && text[i] != '=' && text[i] != '#' && !is_hspace(text, i) && !is_break(text[i])) {
            ++i;
        }
    }
    i = skip_blanks(text, i);
    if (i >= text.size() || text[i] != '=') {
        // A bare key: the statement ends with the key (and an optional comment).
        const std::size_t end = line_end(text, i);
        if (i < end && text[i] == '#') {
            s.comment = std::string(text.substr(i, end - i));
        }
        s.end = end;
        return s;
    }
    i = skip_blanks(text, i + 1);
    if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
        s.quote = text[i] == '\'' ? Quote::single : Quote::double_;
        const std::size_t close = closing_quote(text, i);
        if (close == npos) {
            return std::nullopt;
        }
        s.raw_value = std::string(text.substr(i + 1, close - i - 1));
        const std::size_t j = skip_blanks(text, close + 1);
        const std::size_t end = line_end(text, j);
        if (j < end && text[j] == '#') {
            s.comment = std::string(text.substr(j, end - j));
        }
        s.end = end;
        return s;
    }
    const std::size_t end = line_end(text, i);
    s.rest_of_line = std::string(text.substr(i, end - i));
    // `re.sub(r"\s+#.*", "", value).rstrip()`: the comment starts at the first `#` after a blank,
    // and the value is what precedes the blanks before it (blanks never end a multi-byte character,
    // so the last blank before `#` is found by scanning forwards).
    std::size_t cut = end;
    std::size_t blank_run = std::string_view::npos;  // start of the current run of blanks
    for (std::size_t k = i; k < end;) {
        if (const std::size_t n = blank_at(text, k); n != 0) {
            if (blank_run == std::string_view::npos) {
                blank_run = k;
            }
            k += n;
            continue;
        }
        if (text[k] == '#' && blank_run != std::string_view::npos && blank_run > i) {
            s.comment = std::string(text.substr(k, end - k));
            cut = blank_run;
            break;
        }
        blank_run = std::string_view::npos;
        ++k;
    }
    if (cut == end) {
        // No comment: rstrip() the trailing blanks.
        std::size_t k = i;
        std::size_t last_non_blank = i;
        while (k < end) {
            const std::size_t n = blank_at(text, k);
            if (n == 0) {
                ++k;
                last_non_blank = k;
            } else {
                k += n;
            }
        }
        cut = last_non_blank;
    }
    s.raw_value = std::string(text.substr(i, cut - i));
    s.end = end;
    return s;
}

}  // namespace dgl::lint
