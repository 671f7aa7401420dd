// Small string helpers shared by the CLI, the sources and the checks.
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace dgl::util {

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s) {
    // Python's str.strip(): ASCII whitespace is enough for Diffgram's vocabularies.
    const char* ws = " \t\n\r\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(ws);
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string_view> split_views(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    out.reserve(static_cast<size_t>(std::count(s.begin(), s.end(), sep)) + 1);  // one allocation
    std::string_view::size_type start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) {
            return out;
        }
        start = pos + 1;
    }
}

std::vector<std::string> split(std::string_view s, char sep) {
    const auto views = split_views(s, sep);
    return {views.begin(), views.end()};
}

namespace {
template <typename Strings>
std::string join_any(const Strings& v, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i != 0) {
            out += sep;
        }
        out += v[i];
    }
    return out;
}
}  // namespace

std::string join(const std::vector<std::string>& v, std::string_view sep) { return join_any(v, sep); }

std::string join(const std::vector<std::string_view>& v, std::string_view sep) { return join_any(v, sep); }

std::optional<bool> parse_bool(std::string_view s) {
    const std::string v = to_lower(trim(s));
    if (v == "yes" || v == "y" || v == "true" || v == "1") {
        return true;
    }
    if (v == "no" || v == "n" || v == "false" || v == "0" || v.empty()) {
        return false;
    }
    return std::nullopt;
}

namespace {
/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
size_t utf8_length(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80) {
        return 1;
    }
    if ((c & 0xE0U) == 0xC0U) {
        n = 2, min = 0x80, cp = c & 0x1FU;
    } else if ((c & 0xF0U) == 0xE0U) {
        n = 3, min = 0x800, cp = c & 0x0FU;
    } else if ((c & 0xF8U) == 0xF0U) {
        n = 4, min = 0x10000, cp = c & 0x07U;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    for (size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0U) != 0x80U) {
            return 0;
        }
        cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}
}  // namespace

bool is_ascii(std::string_view s) {
    // Eight bytes at a time (most keys, values and files are ASCII), the last word overlapping the
    // one before it rather than a byte loop: this runs for every key and value.
    constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
    std::uint64_t word = 0;
    if (s.size() < 8) {
        if (!s.empty()) {  // (an empty view's data() may be null)
            std::memcpy(&word, s.data(), s.size());
        }
        return (word & k_highs) == 0;
    }
    std::uint64_t any = 0;
    for (size_t i = 0; i + 8 <= s.size(); i += 8) {
        std::memcpy(&word, s.data() + i, 8);
        any |= word;
    }
    std::memcpy(&word, s.data() + s.size() - 8, 8);
    return ((any | word) & k_highs) == 0;
}

bool valid_utf8(std::string_view s) {
    if (is_ascii(s)) {
        return true;
    }
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII runs, most values, byte by byte cheaply
            ++i;
            continue;
        }
        const size_t n = utf8_length(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    // Printable ASCII other than '"' and '\\' is copied as a run: most keys and values are all of it.
    auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; };
    for (size_t i = 0; i < s.size();) {
        size_t run = i;
        while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) {
            ++run;
        }
        if (run > i) {
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t n = utf8_length(s, i);
            if (n == 0) {
                out += "\\ufffd";
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
    return out;
}

}  // namespace dgl::util
