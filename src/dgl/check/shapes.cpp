// Value shapes Diffgram's libraries parse: Python int(), Fernet keys, http(s) URLs, SQLAlchemy URLs.
#include "dgl/check/shapes.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

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

std::optional<SqlalchemyUrl> parse_sqlalchemy_url(std::string_view v) {
    // sqlalchemy/engine/url.py _parse_url (1.4/2.0): the same groups, anchored at the start as
    // re.match is; the password runs to the last '@' before the host.
    static const std::regex k_url(
        R"(^([\w+]+)://(?:([^:/]*)(?::(.*))?@)?(?:(?:\[([^/?]+)\]|([^/:?]+))?(?::([^/?]*))?)?(?:/([^?]*))?(?:\?(.*))?$)");
    std::smatch m;
    const std::string s(v);
    if (!std::regex_match(s, m, k_url)) {
        return std::nullopt;
    }
    SqlalchemyUrl u;
    u.drivername = m[1].str();
    if (m[2].matched) {
        u.username = percent_decode(m[2].str());
    }
    if (m[3].matched) {
        u.password = percent_decode(m[3].str());
    }
    u.host = m[4].matched ? m[4].str() : m[5].str();
    if (m[6].matched && !m[6].str().empty()) {
        if (!parse_python_int(m[6].str())) {
            return std::nullopt;  // make_url: int(port) raises ValueError
        }
        u.port = m[6].str();
    }
    if (m[7].matched) {
        u.database = m[7].str();
    }
    return u;
}

}  // namespace dgl::check
