// Secret classification and masking for every printed value.
#include "dgl/redact/redact.hpp"

#include "dgl/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace dgl::redact {

namespace {

/// Whether the name, upper-cased, holds PASS, SECRET, TOKEN, CREDENTIAL, PRIVATE, AUTH or DSN,
/// or KEY other than as part of KEY_ID (an access key's public half). One pass, no copy, a switch
/// on each letter rather than a loop over the words: `print` asks this of every key.
bool name_looks_secret(std::string_view key) {
    auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    auto at = [&](size_t pos, std::string_view word) {
        if (key.size() - pos < word.size()) {
            return false;
        }
        for (size_t k = 1; k < word.size(); ++k) {  // word[0] is the letter switched on
            if (up(key[pos + k]) != word[k]) {
                return false;
            }
        }
        return true;
    };
    for (size_t i = 0; i < key.size(); ++i) {
        bool found = false;
        switch (up(key[i])) {
        case 'K':
            found = at(i, "KEY") && !at(i, "KEY_ID");
            break;
        case 'P':
            found = at(i, "PASS") || at(i, "PRIVATE");
            break;
        case 'S':
            found = at(i, "SECRET");
            break;
        case 'T':
            found = at(i, "TOKEN");
            break;
        case 'C':
            found = at(i, "CREDENTIAL");
            break;
        case 'A':
            found = at(i, "AUTH");
            break;
        case 'D':
            found = at(i, "DSN");
            break;
        default:
            break;
        }
        if (found) {
            return true;
        }
    }
    return false;
}

bool is_blank_or_control(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }

/// Some '@' with a ':' before it that could end a user name: the shape of a password in a URL's
/// userinfo, however the rest is spelled ("http:/u:pw@h", "x://u:p/w@h", "see http://u:pw@h", two
/// URLs in one value). Not when the ':' starts a path ("/usr/bin:/opt/node@18/bin") or blanks lie
/// between ("--inspect=h:9229 --require @babel/register"): a URL password has none unencoded.
/// A few non-secrets match ("mailto:me@x") and are hidden too, which is the safe mistake.
bool looks_like_userinfo(std::string_view value) {
    for (auto at = value.find('@'); at != std::string_view::npos; at = value.find('@', at + 1)) {
        const auto colon = value.rfind(':', at);
        if (colon == std::string_view::npos || value[colon + 1] == '/') {
            continue;
        }
        const auto between = value.substr(colon + 1, at - colon - 1);
        if (std::none_of(between.begin(), between.end(), [](char c) { return is_blank_or_control(c); })) {
            return true;
        }
    }
    return false;
}

/// Where a URL's password is: [first, second) of the value, for `scheme://user:password@host...`
/// (RFC 3986: the authority ends at the first '/', '?' or '#') and for a bare authority
/// `user:password@host...` (a URL whose scheme was forgotten). Leading blanks and control
/// characters are skipped, as Python's urlsplit strips them.
std::optional<std::pair<size_t, size_t>> password_span(std::string_view value) {
    size_t begin = 0;
    while (begin < value.size() && is_blank_or_control(value[begin])) {
        ++begin;
    }
    const auto scheme_end = value.find("://", begin);
    size_t auth_start = begin;
    if (scheme_end != std::string_view::npos) {
        if (scheme_end == begin || !std::isalpha(static_cast<unsigned char>(value[begin]))) {
            return std::nullopt;
        }
        // RFC 3986 scheme characters only: a random secret that happens to hold "://" is no URL.
        for (char c : value.substr(begin, scheme_end - begin)) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
                return std::nullopt;
            }
        }
        auth_start = scheme_end + 3;
    }
    auto auth_end = value.find_first_of("/?#", auth_start);
    if (auth_end == std::string_view::npos) {
        auth_end = value.size();
    }
    const auto at = value.rfind('@', auth_end == 0 ? 0 : auth_end - 1);
    if (at == std::string_view::npos || at < auth_start) {
        return std::nullopt;
    }
    const auto colon = value.find(':', auth_start);
    if (colon == std::string_view::npos || colon > at) {
        return std::nullopt;
    }
    // Without a scheme, only a userinfo without blanks: "--inspect=h:9229 --require @x/y" is no URL.
    const auto userinfo = value.substr(auth_start, at - auth_start);
    if (scheme_end == std::string_view::npos &&
        std::any_of(userinfo.begin(), userinfo.end(), [](char c) { return is_blank_or_control(c); })) {
        return std::nullopt;
    }
    return std::pair{colon + 1, at};
}

/// The value with [span) replaced by the mask.
std::string with_mask(std::string_view value, std::pair<size_t, size_t> span) {
    std::string out(value.substr(0, span.first));
    out += k_mask;
    out += value.substr(span.second);
    return out;
}

/// A URL password by either reading: the URL grammar's, or the looser shape above.
bool holds_userinfo(std::string_view value) { return password_span(value).has_value() || looks_like_userinfo(value); }

/// Whether a secret of `key` may still show as a URL with its password masked: a setting the
/// catalog types as a URL, or an unknown key named ...URL or ...URI. Any other secret
/// (SECRET_KEY, FERNET_KEY, ..._TOKEN) is hidden whole, even when its value parses as a URL.
bool keeps_url_shape(std::string_view key) {
    if (const auto* e = catalog::active().find(key)) {
        return e->type == catalog::Type::url || e->type == catalog::Type::sqlalchemy_url;
    }
    if (key.size() < 3) {
        return false;
    }
    std::string tail(key.substr(key.size() - 3));
    for (auto& c : tail) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return tail == "URL" || tail == "URI";
}

}  // namespace

bool is_secret_key(std::string_view key) {
    if (auto cls = catalog::secret_class(key)) {
        return *cls == catalog::SecretClass::secret || *cls == catalog::SecretClass::credential_id;
    }
    return name_looks_secret(key);
}

std::optional<std::string> mask_url_password(std::string_view value) {
    const auto span = password_span(value);
    return span ? std::optional<std::string>(with_mask(value, *span)) : std::nullopt;
}

bool is_secret(std::string_view key, std::string_view value, Source source) {
    return source == Source::secret_store || is_secret_key(key) || holds_userinfo(value);
}

std::string display(std::string_view key, std::string_view value, bool reveal, Source source) {
    if (reveal) {
        return std::string(value);
    }
    const bool secret_name = source == Source::secret_store || is_secret_key(key);
    // The URL shape is kept only when nothing after the masked password could hold another.
    const auto span = password_span(value);
    if (span && (!secret_name || keeps_url_shape(key)) && !holds_userinfo(value.substr(span->second + 1))) {
        return with_mask(value, *span);
    }
    if (secret_name || span || looks_like_userinfo(value)) {  // holds_userinfo, the span known
        return std::string(k_mask);
    }
    return std::string(value);
}

}  // namespace dgl::redact
