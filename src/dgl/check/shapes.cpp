// Value shapes Diffgram's libraries parse: Python int(), Fernet keys, http(s) URLs, SQLAlchemy URLs.
#include "dgl/check/shapes.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace dgl::check {

std::optional<long long> parse_python_int(std::string_view s) {
    const std::string t = util::trim(s);
    size_t i = 0;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        neg = t[i] == '-';
        ++i;
    }
    if (i == t.size()) {
        return std::nullopt;
    }
    long long v = 0;
    bool prev_digit = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '_' && prev_digit && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1])) != 0) {
            prev_digit = false;
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return std::nullopt;
        }
        prev_digit = true;
        if (v > (9'000'000'000'000'000'000LL - (c - '0')) / 10) {
            return neg ? -9'000'000'000'000'000'000LL : 9'000'000'000'000'000'000LL;  // saturate: huge but valid
        }
        v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
}

FernetShape classify_fernet_key(std::string_view v) {
    if (v.size() >= 3 && v[0] == 'b' && (v[1] == '\'' || v[1] == '"') && v.back() == v[1]) {
        const auto inner = classify_fernet_key(v.substr(2, v.size() - 3));
        if (inner == FernetShape::ok || inner == FernetShape::standard_alphabet) {
            return FernetShape::bytes_repr;
        }
    }
    auto urlsafe = [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; };
    auto standard = [](unsigned char c) { return c == '+' || c == '/'; };
    const auto body = v.substr(0, v.empty() ? 0 : v.size() - 1);
    if (!std::all_of(v.begin(), v.end(), [&](unsigned char c) { return urlsafe(c) || standard(c) || c == '='; })) {
        return FernetShape::bad_characters;
    }
    // 32 bytes are 43 base64 characters and one '=' of padding; urlsafe_b64decode insists on it.
    if (v.size() != 44 || v.back() != '=' || body.find('=') != std::string_view::npos) {
        return FernetShape::wrong_length;
    }
    if (std::any_of(body.begin(), body.end(), standard)) {
        return FernetShape::standard_alphabet;
    }
    return FernetShape::ok;
}

bool is_http_url(std::string_view v) {
    const std::string lower = util::to_lower(v);
    size_t rest = 0;
    if (lower.starts_with("http://")) {
        rest = 7;
    } else if (lower.starts_with("https://")) {
        rest = 8;
    } else {
        return false;
    }
    if (std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isspace(c) != 0 || c < 0x20; })) {
        return false;
    }
    const auto host_end = v.find_first_of("/?#", rest);
    auto authority = v.substr(rest, host_end == std::string_view::npos ? std::string_view::npos : host_end - rest);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority = authority.substr(at + 1);
    }
    return !authority.empty() && authority[0] != ':';
}

namespace {
std::string percent_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) != 0 &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2])) != 0) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}
}  // namespace

namespace {

/// What follows the host: `(?::([^/?]*))?(?:/([^?]*))?(?:\?(.*))?$`, from `pos` to the end.
/// (`.` does not match a line break, as in the pattern this mirrors.)
bool url_tail(std::string_view s, size_t pos, SqlalchemyUrl& u) {
    std::optional<std::string_view> port;
    if (pos < s.size() && s[pos] == ':') {
        const size_t e = std::min(s.find_first_of("/?", pos + 1), s.size());
        port = s.substr(pos + 1, e - pos - 1);
        pos = e;
    }
    std::optional<std::string_view> database;
    if (pos < s.size() && s[pos] == '/') {
        const size_t e = std::min(s.find('?', pos + 1), s.size());
        database = s.substr(pos + 1, e - pos - 1);
        pos = e;
    }
    if (pos < s.size() && (s[pos] != '?' || s.find_first_of("\n\r", pos + 1) != std::string_view::npos)) {
        return false;  // not a query, or a query a line break cuts short: no full match
    }
    u.port = port ? std::optional<std::string>(std::string(*port)) : std::nullopt;
    u.database = database ? std::optional<std::string>(std::string(*database)) : std::nullopt;
    return true;
}

/// Host and tail, trying the pattern's alternatives in its order: `[ipv6]` (longest first), a
/// plain host `[^/:?]+`, no host.
bool url_location(std::string_view s, SqlalchemyUrl& u) {
    if (!s.empty() && s[0] == '[') {
        const size_t stop = std::min(s.find_first_of("/?"), s.size());
        for (size_t close = s.rfind(']', stop == 0 ? 0 : stop - 1); close != std::string_view::npos && close >= 2;
             close = s.rfind(']', close - 1)) {
            if (url_tail(s, close + 1, u)) {
                u.host = std::string(s.substr(1, close - 1));
                return true;
            }
        }
    }
    const size_t host_end = std::min(s.find_first_of("/:?"), s.size());
    if (host_end > 0 && url_tail(s, host_end, u)) {
        u.host = std::string(s.substr(0, host_end));
        return true;
    }
    u.host.clear();
    return url_tail(s, 0, u);
}

bool is_driver_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+';
}

}  // namespace

std::optional<SqlalchemyUrl> parse_sqlalchemy_url(std::string_view v) {
    // sqlalchemy/engine/url.py _parse_url (2.0), as a full match of
    //   ^([\w+]+)://(?:([^:/]*)(?::(.*))?@)?(?:(?:\[([^/?]+)\]|([^/:?]+))?(?::([^/?]*))?)?(?:/([^?]*))?(?:\?(.*))?$
    // written out by hand (std::regex cost a quarter of a launch's instructions to compile). The
    // backtracking is the pattern's: the password runs to the last '@' after which the rest
    // still matches, else the user name to the last '@' before the first ':' or '/'.
    // tests/unit/test_checks.cpp checks it against the pattern itself on generated strings.
    SqlalchemyUrl u;
    size_t i = 0;
    while (i < v.size() && is_driver_char(v[i])) {
        ++i;
    }
    if (i == 0 || v.substr(i, 3) != "://") {
        return std::nullopt;
    }
    u.drivername = std::string(v.substr(0, i));
    const std::string_view r = v.substr(i + 3);
    const size_t k = std::min(r.find_first_of(":/"), r.size());
    bool matched = false;
    if (k < r.size() && r[k] == ':') {  // user:password@, the password greedy up to an '@'
        for (size_t at = r.rfind('@'); at != std::string_view::npos && at > k; at = at == 0 ? std::string_view::npos : r.rfind('@', at - 1)) {
            const std::string_view password = r.substr(k + 1, at - k - 1);
            if (password.find_first_of("\n\r") == std::string_view::npos && url_location(r.substr(at + 1), u)) {
                u.username = percent_decode(r.substr(0, k));
                u.password = percent_decode(password);
                matched = true;
                break;
            }
        }
    }
    for (size_t at = k == 0 ? std::string_view::npos : r.rfind('@', k - 1); !matched && at != std::string_view::npos;
         at = at == 0 ? std::string_view::npos : r.rfind('@', at - 1)) {
        if (url_location(r.substr(at + 1), u)) {  // user@ without a password
            u.username = percent_decode(r.substr(0, at));
            matched = true;
        }
    }
    if (!matched && !url_location(r, u)) {
        return std::nullopt;
    }
    if (u.port && !u.port->empty() && !parse_python_int(*u.port)) {
        return std::nullopt;  // make_url: int(port) raises ValueError
    }
    if (u.port && u.port->empty()) {
        u.port.reset();
    }
    return u;
}

}  // namespace dgl::check
