// The python-dotenv 1.0.0 dialect: parser.py (`parse_stream`), variables.py and main.py's
// `resolve_variables`, as a hand-written O(n) scanner that reproduces the Python bindings, values,
// statement lines and resume points (tested against the real library in tests/differential/).
#include "dgl/env/dotenv.hpp"

#include "dgl/errors.hpp"
#include "dgl/limits.hpp"

#include "dgl/util/strings.hpp"
#include "dgl/util/view_map.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <span>
#include <type_traits>
#include <string>
#include <utility>

namespace dgl::dotenv {
namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

/// Python's `\s` for str patterns, which is also what `str.isspace()` and `str.rstrip()` use
/// (the two sets were compared over all code points with CPython 3.11). The grammar's regexes
/// use it everywhere, so `\v`, `\f`, U+0085, U+00A0 and U+2028 are whitespace too.
bool is_space_beyond_ascii(char32_t c) {
    // clang-format off
    switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
    // clang-format on
}

/// The same set, with the ASCII test inline: the scanner asks this of nearly every character.
inline bool is_space(char32_t c) {
    if (c < 0x80) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    }
    return is_space_beyond_ascii(c);
}

/// `[^\S\r\n]`: whitespace that does not end a line.
bool is_hspace(char32_t c) { return c != U'\r' && c != U'\n' && is_space(c); }

bool is_line_break(char32_t c) { return c == U'\r' || c == U'\n'; }

/// What ends an unquoted key, `[^=\#\s]+`: '=', '#' or whitespace. A table for ASCII, because
/// the scanner asks it of every character of every key.
/// 256 entries, so a byte indexes it without a range test (bytes past 0x7F only reach it in
/// ASCII text, i.e. never: they are false).
constexpr std::array<bool, 256> k_key_stop = [] {
    std::array<bool, 256> t{};
    for (char32_t c = 0; c < 128; ++c) {
        t[c] = c == U'=' || c == U'#' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    }
    return t;
}();

inline bool is_key_stop(char32_t c) { return c < 128 ? k_key_stop[c] : is_space_beyond_ascii(c); }

/// The text as code points (python-dotenv works on `str`), with the byte offset of each one so
/// that keys and values are cut from the original bytes. Only for text that is not all ASCII:
/// ASCII text is scanned as it is (a byte is a code point), without these 12 bytes per byte.
struct Text {
    std::string_view bytes;
    std::vector<char32_t> cps;
    std::vector<std::size_t> offset;  ///< offset[i] = byte of cps[i]; offset[size] = bytes.size()
};

/// Strict UTF-8 as Python's codec decodes it: no overlong forms, no surrogates, nothing above
/// U+10FFFF. Returns the code-point index where the first invalid sequence starts, if any.
std::optional<std::size_t> decode_utf8(Text& text) {
    const std::string_view b = text.bytes;
    text.cps.reserve(b.size());
    text.offset.reserve(b.size() + 1);
    std::size_t i = 0;
    while (i < b.size()) {
        const auto lead = static_cast<unsigned char>(b[i]);
        std::size_t len = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (lead < 0x80) {
            len = 1;
            cp = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            len = 2;
            cp = lead & 0x1Fu;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            len = 3;
            cp = lead & 0x0Fu;
            lo = lead == 0xE0 ? 0xA0 : 0x80;  // no overlong
            hi = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            len = 4;
            cp = lead & 0x07u;
            lo = lead == 0xF0 ? 0x90 : 0x80;  // no overlong
            hi = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
        } else {
            return text.cps.size();
        }
        if (i + len > b.size()) {
            return text.cps.size();
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto cont = static_cast<unsigned char>(b[i + k]);
            const unsigned char min = k == 1 ? lo : 0x80;
            const unsigned char max = k == 1 ? hi : 0xBF;
            if (cont < min || cont > max) {
                return text.cps.size();
            }
            cp = (cp << 6) | (cont & 0x3Fu);
        }
        text.cps.push_back(cp);
        text.offset.push_back(i);
        i += len;
    }
    text.offset.push_back(b.size());
    return std::nullopt;
}

template <typename Unit>
std::optional<std::size_t> last_of(std::span<const Unit> cps, char32_t q) {
    for (std::size_t i = cps.size(); i > 0; --i) {
        if (cps[i - 1] == q) {
            return i - 1;
        }
    }
    return std::nullopt;
}

/// One pass of `parse_stream` over the whole text. `m_pos` and `m_line` mirror python-dotenv's
/// `Reader.position`: a failed read never moves it, and after a failure the reader resumes with
/// the rest of the current line, exactly as `parse_binding`'s `except Error` branch does.
/// `Unit` is char32_t for decoded text (positions are code points, cut through `offset`) or
/// unsigned char for ASCII text (positions are bytes).
template <typename Unit>
class Parser {
public:
    Parser(std::string_view bytes, std::span<const Unit> units, const std::vector<std::size_t>* offset)
        : m_bytes(bytes),
          m_offset(offset),
          m_s(units),
          m_n(units.size()),
          m_last_single(last_of(m_s, U'\'')),
          m_last_double(last_of(m_s, U'"')) {
        m_line_starts.push_back(0);
        if constexpr (std::is_same_v<Unit, unsigned char>) {
            m_has_cr = std::memchr(m_s.data(), '\r', m_n) != nullptr;
            if (!m_has_cr) {  // lines end at '\n' only: memchr finds them
                const unsigned char* p = m_s.data();
                const unsigned char* const end = p + m_n;
                while ((p = static_cast<const unsigned char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
                    ++p;
                    m_line_starts.push_back(static_cast<std::size_t>(p - m_s.data()));
                }
                return;
            }
        } else {
            m_has_cr = std::find(m_s.begin(), m_s.end(), U'\r') != m_s.end();
        }
        for (std::size_t i = 0; i < m_n; ++i) {
            if (m_s[i] == U'\n' || (m_s[i] == U'\r' && !(i + 1 < m_n && m_s[i + 1] == U'\n'))) {
                m_line_starts.push_back(i + 1);
            }
        }
    }

    void run(ParseResult& out) {
        out.bindings.reserve(m_line_starts.size());  // at most one statement a line: no regrowth
        while (m_pos < m_n) {
            // python-dotenv sets the statement's mark *before* skipping blank lines, so
            // Binding.original.line is where the previous statement ended. We report that line.
            const int mark_line = reader_line();
            skip_while(&is_space);  // _multiline_whitespace
            if (m_pos == m_n) {
                break;
            }
            if (auto failure = statement(mark_line, out)) {
                out.issues.push_back(Issue{line_of(failure->at), col_of(failure->at), failure->kind, mark_line});
                rest_of_line();
            }
        }
    }

private:
    struct Failure {
        std::size_t at;    ///< code point where the failing read was attempted
        const char* kind;  ///< fixed phrase, never input text
    };

    char32_t at(std::size_t i) const { return i < m_n ? m_s[i] : U'\0'; }
    bool at_end_or_break(std::size_t i) const { return i >= m_n || is_line_break(m_s[i]); }

    std::string_view bytes_of(std::size_t begin, std::size_t end) const {
        if (m_offset == nullptr) {
            return m_bytes.substr(begin, end - begin);
        }
        const auto& off = *m_offset;
        return m_bytes.substr(off[begin], off[end] - off[begin]);
    }

    std::string slice(std::size_t begin, std::size_t end) const { return std::string(bytes_of(begin, end)); }

    /// Position.advance: counts `\r\n|\n|\r` within the consumed chunk only. A `\r` at the end of
    /// one chunk and a `\n` at the start of the next count twice, as they do in Python.
    void advance_to(std::size_t to) {
        if (!m_has_cr) {  // most texts (and every file: universal newlines ran first): see reader_line
            m_pos = to;
            return;
        }
        for (std::size_t i = m_pos; i < to; ++i) {
            if (m_s[i] == U'\n') {
                ++m_line;
            } else if (m_s[i] == U'\r' && !(i + 1 < to && m_s[i + 1] == U'\n')) {
                ++m_line;
            }
        }
        m_pos = to;
    }

    template <typename Pred>
    void skip_while(Pred pred) {
        std::size_t i = m_pos;
        while (i < m_n && pred(m_s[i])) {
            ++i;
        }
        advance_to(i);
    }

    /// 1-based physical line of code point `i` (`\n`, `\r` or `\r\n` end a line).
    /// The reader's line (python-dotenv's Position.line). Without '\r' it is the physical line of
    /// m_pos, so advance_to need not count; with '\r' the two can differ and m_line counts.
    int reader_line() const { return m_has_cr ? m_line : line_of(m_pos); }

    /// First line break at or after `from`, or m_n.
    std::size_t line_end(std::size_t from) const {
        if constexpr (std::is_same_v<Unit, unsigned char>) {
            if (!m_has_cr && from < m_n) {
                const void* p = std::memchr(m_s.data() + from, '\n', m_n - from);
                return p == nullptr ? m_n : static_cast<std::size_t>(static_cast<const unsigned char*>(p) - m_s.data());
            }
        }
        while (from < m_n && !is_line_break(m_s[from])) {
            ++from;
        }
        return from;
    }

    /// End of the unquoted key starting at `from`: the first '=', '#' or whitespace, or m_n.
    std::size_t key_end(std::size_t from) const {
        if constexpr (std::is_same_v<Unit, unsigned char>) {
            const unsigned char* p = m_s.data() + from;
            const unsigned char* const end = m_s.data() + m_n;
            while (p != end && !k_key_stop[*p]) {
                ++p;
            }
            return static_cast<std::size_t>(p - m_s.data());
        } else {
            while (from < m_n && !is_key_stop(m_s[from])) {
                ++from;
            }
            return from;
        }
    }

    /// The first `c` in [from, end), or `end`: memchr over bytes (values run to tens of bytes and
    /// rarely hold the quote, '#' or backslash looked for).
    std::size_t find_unit(char32_t c, std::size_t from, std::size_t end) const {
        if constexpr (std::is_same_v<Unit, unsigned char>) {
            if (from >= end) {
                return end;
            }
            const void* p = std::memchr(m_s.data() + from, static_cast<int>(c), end - from);
            return p == nullptr ? end : static_cast<std::size_t>(static_cast<const unsigned char*>(p) - m_s.data());
        } else {
            while (from < end && m_s[from] != c) {
                ++from;
            }
            return from;
        }
    }

    /// Statements ask in text order, so the last answer is the place to start: amortised O(1).
    int line_of(std::size_t i) const {
        std::size_t k = m_line_hint;
        if (m_line_starts[k] > i) {
            k = static_cast<std::size_t>(std::upper_bound(m_line_starts.begin(), m_line_starts.end(), i) -
                                         m_line_starts.begin()) - 1;
        }
        while (k + 1 < m_line_starts.size() && m_line_starts[k + 1] <= i) {
            ++k;
        }
        m_line_hint = k;
        return static_cast<int>(k + 1);
    }

    /// 1-based column in code points on the physical line.
    int col_of(std::size_t i) const {
        return static_cast<int>(i - m_line_starts[static_cast<std::size_t>(line_of(i) - 1)] + 1);
    }

    bool at_export() const {
        static constexpr std::u32string_view k_export = U"export";
        if (m_n - m_pos <= k_export.size()) {
            return false;
        }
        for (std::size_t k = 0; k < k_export.size(); ++k) {
            if (m_s[m_pos + k] != k_export[k]) {
                return false;
            }
        }
        return is_hspace(m_s[m_pos + k_export.size()]);
    }

    /// `'((?:\\'|[^'])*)'` / `"((?:\\"|[^"])*)"`: the greedy pass closes on the first quote not
    /// preceded by a backslash (a backslash before a quote is always taken as the pair). If there
    /// is none up to the end of the text, the regex backtracks and closes on the *last* (escaped)
    /// quote of the text, keeping its backslash as content. Linear overall: a successful search
    /// is consumed by the reader, and a failed one leaves no later opening quote of its kind
    /// (an opening quote follows '=' or a space, so a search would have stopped on it).
    std::optional<std::size_t> closing_quote(std::size_t open) {
        const char32_t q = m_s[open];
        for (std::size_t i = find_unit(q, open + 1, m_n); i < m_n; i = find_unit(q, i + 1, m_n)) {
            if (m_s[i - 1] != U'\\') {
                return i;
            }
        }
        const auto last = q == U'\'' ? m_last_single : m_last_double;
        if (last && *last > open) {
            return last;
        }
        return std::nullopt;
    }

    /// decode_escapes: `\\[\\']` (single) or `\\[\\'"abfnrtv]` (double), left to right, each
    /// through Python's unicode-escape codec. Every other backslash stays as it is.
    std::string decode_quoted(std::size_t begin, std::size_t end, bool double_quoted) const {
        std::string out;
        std::size_t segment = begin;
        std::size_t i = begin;
        while ((i = find_unit(U'\\', i, end)) + 1 < end) {
            const char32_t e = m_s[i + 1];
            char replacement = 0;
            bool known = true;
            switch (e) {
            case U'\\': replacement = '\\'; break;
            case U'\'': replacement = '\''; break;
            case U'"': known = double_quoted; replacement = '"'; break;
            case U'a': known = double_quoted; replacement = '\a'; break;
            case U'b': known = double_quoted; replacement = '\b'; break;
            case U'f': known = double_quoted; replacement = '\f'; break;
            case U'n': known = double_quoted; replacement = '\n'; break;
            case U'r': known = double_quoted; replacement = '\r'; break;
            case U't': known = double_quoted; replacement = '\t'; break;
            case U'v': known = double_quoted; replacement = '\v'; break;
            default: known = false; break;
            }
            if (known) {
                out.append(bytes_of(segment, i));
                out += replacement;
                i += 2;
                segment = i;
                continue;
            }
            ++i;
        }
        if (segment == begin) {
            return slice(begin, end);  // no escape: one allocation, no growth
        }
        out.append(bytes_of(segment, end));
        return out;
    }

    /// parse_unquoted_value: `[^\r\n]*`, then `re.sub(r"\s+#.*", "", part).rstrip()`.
    std::string unquoted_value() {
        const std::size_t end = line_end(m_pos);
        std::size_t cut = end;
        // The leftmost `\s+#` starts at the whitespace run before the first '#' that follows
        // whitespace (space *or* tab, or any other Unicode space).
        for (std::size_t i = find_unit(U'#', m_pos + 1, end); i < end; i = find_unit(U'#', i + 1, end)) {
            if (is_space(m_s[i - 1])) {
                cut = i - 1;
                while (cut > m_pos && is_space(m_s[cut - 1])) {
                    --cut;
                }
                break;
            }
        }
        while (cut > m_pos && is_space(m_s[cut - 1])) {
            --cut;
        }
        std::string value = slice(m_pos, cut);
        advance_to(end);
        return value;
    }

    /// parse_binding after the leading whitespace. Returns why it failed, if it did; on failure
    /// m_pos is left where python-dotenv's reader is left (after the last successful read).
    std::optional<Failure> statement(int mark_line, ParseResult& out) {
        if (at_export()) {  // `(?:export[^\S\r\n]+)?`
            advance_to(m_pos + 6);
            skip_while(&is_hspace);
        }

        // parse_key
        const std::size_t key_at = m_pos;
        std::optional<std::string> key;
        if (at(m_pos) == U'#') {
            // A comment: no key; `_comment` below consumes it.
        } else if (m_pos < m_n && m_s[m_pos] == U'\'') {  // `'([^']+)'`, may span lines
            std::size_t close = m_pos + 1;
            while (close < m_n && m_s[close] != U'\'') {
                ++close;
            }
            if (close == m_n) {
                return Failure{key_at, "unterminated single-quoted key"};
            }
            if (close == m_pos + 1) {
                return Failure{key_at, "empty single-quoted key"};
            }
            key = slice(m_pos + 1, close);
            advance_to(close + 1);
        } else {  // `[^=\#\s]+`
            const std::size_t end = key_end(m_pos);
            if (end == m_pos) {
                // Only '=' or a line end can be here: the line was `=...` or `export ` alone.
                return Failure{key_at, at(m_pos) == U'=' ? "missing key before '='" : "missing key after 'export'"};
            }
            key = slice(m_pos, end);
            advance_to(end);
        }

        skip_while(&is_hspace);
        std::optional<std::string> value;
        bool quoted = false;
        if (at(m_pos) == U'=' && m_pos < m_n) {
            advance_to(m_pos + 1);  // `=[^\S\r\n]*`
            skip_while(&is_hspace);
            const char32_t c = at(m_pos);
            if (m_pos < m_n && (c == U'\'' || c == U'"')) {
                const auto close = closing_quote(m_pos);
                if (!close) {
                    return Failure{m_pos, c == U'\'' ? "unterminated single-quoted value"
                                                     : "unterminated double-quoted value"};
                }
                value = decode_quoted(m_pos + 1, *close, c == U'"');
                advance_to(*close + 1);
                quoted = true;
            } else if (at_end_or_break(m_pos)) {
                value = std::string();
            } else {
                value = unquoted_value();
            }
        }

        // `_comment`: `(?:[^\S\r\n]*#[^\r\n]*)?`
        std::size_t i = m_pos;
        while (i < m_n && is_hspace(m_s[i])) {
            ++i;
        }
        if (at(i) == U'#' && i < m_n) {
            advance_to(line_end(i));
        }

        // `_end_of_line`: `[^\S\r\n]*(?:\r\n|\n|\r|$)`
        i = m_pos;
        while (i < m_n && is_hspace(m_s[i])) {
            ++i;
        }
        if (i < m_n && !is_line_break(m_s[i])) {
            // Unquoted and empty values run to the line end, so only these two can fail here.
            return Failure{i, quoted ? "unexpected text after closing quote" : "expected '=' after key"};
        }
        if (i < m_n) {
            i += (m_s[i] == U'\r' && i + 1 < m_n && m_s[i + 1] == U'\n') ? 2 : 1;
        }
        advance_to(i);

        if (key) {
            out.bindings.push_back(
                Binding{std::move(*key), std::move(value), line_of(key_at), col_of(key_at), true, mark_line});
        }
        return std::nullopt;
    }

    /// `_rest_of_line`: `[^\r\n]*(?:\r|\n|\r\n)?`. The alternation tries `\r` first, so of a
    /// `\r\n` only the `\r` is taken; the `\n` then counts as one more line in the next statement.
    void rest_of_line() {
        std::size_t i = line_end(m_pos);
        if (i < m_n) {
            ++i;
        }
        advance_to(i);
    }

    std::string_view m_bytes;
    const std::vector<std::size_t>* m_offset;  ///< nullptr: ASCII, unit index == byte offset
    std::span<const Unit> m_s;
    std::size_t m_n;
    std::size_t m_pos = 0;
    int m_line = 1;
    std::vector<std::size_t> m_line_starts;  ///< code point index where each physical line starts
    mutable std::size_t m_line_hint = 0;     ///< index into m_line_starts of the last line_of answer
    bool m_has_cr = false;
    std::optional<std::size_t> m_last_single;
    std::optional<std::size_t> m_last_double;
};

/// Physical line and column of a code point, for the one issue that has no statement.
std::pair<int, int> physical_position(const std::vector<char32_t>& cps, std::size_t at) {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < at; ++i) {
        if (cps[i] == U'\n' || (cps[i] == U'\r' && !(i + 1 < at && cps[i + 1] == U'\n'))) {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<int>(at - line_start + 1)};
}

/// First index >= `from` of a byte in `set`, remembering the last answer: for non-decreasing
/// queries (see interpolate_python) each finder walks the value once. Without it, `${${${...`
/// would rescan to the end from every `${` (python-dotenv's regex does: O(n^2)).
class ByteFinder {
public:
    ByteFinder(std::string_view s, std::string_view set) : m_s(s), m_set(set) {}

    std::size_t next(std::size_t from) {
        if (!m_valid || from < m_from || from > m_found) {
            m_from = from;
            m_found = std::min(m_s.find_first_of(m_set, from), m_s.size());
            m_valid = true;
        }
        return m_found;
    }

private:
    std::string_view m_s;
    std::string_view m_set;
    bool m_valid = false;
    std::size_t m_from = 0;
    std::size_t m_found = 0;
};

/// Names that os.environ can never hold; python-dotenv's dict lookup simply misses them, whereas
/// a getenv()-backed callback could match a prefix ("A=B" finds A's entry "A=B=...").
bool environment_can_hold(std::string_view name) {
    return !name.empty() && name.find('=') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

}  // namespace

std::string universal_newlines(std::string_view text) {
    const auto first_cr = text.find('\r');
    if (first_cr == std::string_view::npos) {
        return std::string(text);  // the common case: one copy, no byte loop
    }
    std::string out;
    out.reserve(text.size());
    out.append(text.substr(0, first_cr));
    for (std::size_t i = first_cr; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

ParseResult parse_python(std::string_view text) {
    ParseResult result;
    if (text.substr(0, k_bom.size()) == k_bom) {
        // Deliberate difference: python-dotenv <= 1.2.2 keeps U+FEFF as part of the first key.
        text.remove_prefix(k_bom.size());
        result.bom_stripped = true;
    }
    if (util::is_ascii(text)) {
        const std::span<const unsigned char> units(reinterpret_cast<const unsigned char*>(text.data()), text.size());
        Parser<unsigned char>(text, units, nullptr).run(result);
        return result;
    }
    Text decoded{text, {}, {}};
    if (const auto bad = decode_utf8(decoded)) {
        // python-dotenv reads the file as UTF-8 and raises UnicodeDecodeError: nothing is loaded.
        const auto [line, col] = physical_position(decoded.cps, *bad);
        result.fatal = true;
        result.issues.push_back(Issue{line, col, "invalid UTF-8", line});
        return result;
    }
    Parser<char32_t>(text, decoded.cps, &decoded.offset).run(result);
    return result;
}

std::string interpolate_python(std::string_view value, const Lookup& lookup) {
    // `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}` via finditer. Only ASCII delimiters are
    // involved, so scanning UTF-8 bytes is the same as scanning code points.
    std::string out;
    ByteFinder name_stop(value, "}:");
    ByteFinder brace(value, "}");
    std::size_t cursor = 0;
    std::size_t i = value.find("${");
    while (i != std::string_view::npos) {
        const std::size_t name_begin = i + 2;
        const std::size_t stop = name_stop.next(name_begin);
        std::optional<std::string_view> name;
        std::optional<std::string_view> fallback;
        std::size_t end = 0;
        if (stop < value.size() && value[stop] == '}') {
            name = value.substr(name_begin, stop - name_begin);
            end = stop + 1;
        } else if (stop + 1 < value.size() && value[stop + 1] == '-') {
            // `stop` only grows with `i`, so `brace` is queried in non-decreasing order too.
            const std::size_t close = brace.next(stop + 2);
            if (close < value.size()) {
                name = value.substr(name_begin, stop - name_begin);
                fallback = value.substr(stop + 2, close - stop - 2);
                end = close + 1;
            }
        }
        if (!name) {  // no match here: finditer tries the next position
            i = value.find("${", i + 1);
            continue;
        }
        out.append(value.substr(cursor, i - cursor));
        // Variable.resolve: env.get(name, default or ""); a None (bare key) value gives "".
        // The default is used only when the name is absent, not when it is empty.
        if (auto found = lookup ? lookup(*name) : std::nullopt) {
            if (*found) {
                out += **found;
            }
        } else if (fallback) {
            out.append(*fallback);
        }
        if (out.size() > limits::k_max_value_bytes) {  // each piece is bounded: checked as it grows
            throw launcher_error("a value grows past 1 MiB through ${...} interpolation");
        }
        cursor = end;
        i = value.find("${", end);
    }
    out.append(value.substr(cursor));
    return out;
}

std::vector<Binding> resolve_python(std::vector<Binding> bindings,
                                    const std::function<std::optional<std::string>(std::string_view)>& environment,
                                    bool override) {
    using Found = std::optional<std::optional<std::string>>;
    auto needs_interpolation = [](const Binding& b) {
        return b.value && b.interpolate && b.value->find("${") != std::string::npos;
    };
    // resolve_variables' `new_values`, the latest binding of each key so far (None kept), kept only
    // for the names some `${...}` asks for: a dry run collects them first (what a `${...}` names
    // does not depend on what it resolves to). Indexing every key of a 100k-key file touched a
    // table far larger than the cache, for a handful of lookups.
    constexpr std::size_t k_unset = std::numeric_limits<std::size_t>::max();
    std::deque<std::string> names;  // owns the map's keys: the values they come from are replaced
    util::ViewMap<std::size_t> latest;
    // Which keys can be asked for at all, before hashing one: the names' lengths (bit min(n, 63))
    // and last bytes.
    std::uint64_t name_lengths = 0;
    std::array<std::uint64_t, 4> name_ends{};
    auto length_bit = [](std::string_view s) { return std::uint64_t{1} << std::min<std::size_t>(s.size(), 63); };
    auto last_byte = [](std::string_view s) { return s.empty() ? 0U : static_cast<unsigned>(static_cast<unsigned char>(s.back())); };
    auto may_be_asked_for = [&](std::string_view key) {
        const auto last = last_byte(key);
        return (name_lengths & length_bit(key)) != 0 && (name_ends[last / 64] >> (last % 64) & 1U) != 0;
    };
    for (const auto& b : bindings) {
        if (needs_interpolation(b)) {
            interpolate_python(*b.value, [&](std::string_view name) -> Found {
                if (!latest.contains(name)) {
                    latest.emplace(names.emplace_back(name), k_unset);
                    name_lengths |= length_bit(name);
                    const auto last = last_byte(name);
                    name_ends[last / 64] |= std::uint64_t{1} << (last % 64);
                }
                return std::nullopt;
            });
        }
    }
    auto from_environment = [&](std::string_view name) -> Found {
        if (environment && environment_can_hold(name)) {
            if (auto v = environment(name)) {
                return Found(std::in_place, std::move(*v));
            }
        }
        return std::nullopt;
    };
    auto from_file = [&](std::string_view name) -> Found {
        const auto it = latest.find(name);
        if (it == latest.end() || it->second == k_unset) {
            return std::nullopt;
        }
        return Found(std::in_place, bindings[it->second].value);
    };
    const Lookup lookup = [&](std::string_view name) -> Found {
        // override=True: env.update(os.environ); env.update(new_values) -> the file wins.
        // override=False: env.update(new_values); env.update(os.environ) -> the environment wins.
        Found first = override ? from_file(name) : from_environment(name);
        if (first) {
            return first;
        }
        return override ? from_environment(name) : from_file(name);
    };

    std::size_t expanded = 0;  // bytes interpolation built so far (limits::k_max_expanded_bytes)
    for (std::size_t i = 0; i < bindings.size() && !latest.empty(); ++i) {
        Binding& b = bindings[i];
        // A value without `${` interpolates to itself (interpolate_python finds no match).
        if (needs_interpolation(b)) {
            const auto where = std::to_string(b.line) + ":" + std::to_string(b.col) + ": ";
            try {
                b.value = interpolate_python(*b.value, lookup);
            } catch (const Error&) {
                throw launcher_error(where + "the value of " + b.key + " grows past 1 MiB through ${...} interpolation");
            }
            expanded += b.value->size();
            if (expanded > limits::k_max_expanded_bytes) {
                throw launcher_error(where + "at " + b.key +
                                     ", ${...} interpolation has built more than 64 MiB of values for this file");
            }
        }
        // Recorded after its own value: a statement sees only the ones before it.
        if (may_be_asked_for(b.key)) {
            if (const auto it = latest.find(std::string_view(b.key)); it != latest.end()) {
                it->second = i;
            }
        }
    }
    return bindings;
}

}  // namespace dgl::dotenv
