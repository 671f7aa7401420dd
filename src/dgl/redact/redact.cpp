// Secret classification and masking for every printed value.
#include "dgl/redact/redact.hpp"

#include "dgl/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>

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

}  // namespace

bool is_secret_key(std::string_view key) {
    if (auto cls = catalog::secret_class(key)) {
        return *cls == catalog::SecretClass::secret || *cls == catalog::SecretClass::credential_id;
    }
    return name_looks_secret(key);
}

std::optional<std::string> mask_url_password(std::string_view value) {
    const auto scheme_end = value.find("://");
    std::size_t auth_start = 0;  // no "://": the value may be a bare authority, user:password@host
    if (scheme_end != std::string_view::npos) {
        if (scheme_end == 0 || !std::isalpha(static_cast<unsigned char>(value[0]))) {
            return std::nullopt;
        }
        // RFC 3986 scheme characters only: a random secret that happens to hold "://" is no URL.
        for (char c : value.substr(0, scheme_end)) {
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
    std::string out(value.substr(0, colon + 1));
    out += k_mask;
    out += value.substr(at);
    return out;
}

bool is_secret(std::string_view key, std::string_view value) {
    return is_secret_key(key) || mask_url_password(value).has_value();
}

std::string display(std::string_view key, std::string_view value, bool reveal) {
    if (reveal) {
        return std::string(value);
    }
    if (auto masked = mask_url_password(value)) {
        return *masked;
    }
    if (is_secret_key(key)) {
        return std::string(k_mask);
    }
    return std::string(value);
}

}  // namespace dgl::redact
