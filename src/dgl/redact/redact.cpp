// Secret classification and masking for every printed value.
#include "dgl/redact/redact.hpp"

#include "dgl/catalog/catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace dgl::redact {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

bool name_looks_secret(std::string_view key) {
    const std::string k = upper(key);
    static constexpr std::array<std::string_view, 7> k_words{"PASS",    "SECRET", "TOKEN", "CREDENTIAL",
                                                             "PRIVATE", "AUTH",   "DSN"};
    for (auto w : k_words) {
        if (k.find(w) != std::string::npos) {
            return true;
        }
    }
    // KEY counts, except where every occurrence is part of KEY_ID (an access key's public half).
    for (auto pos = k.find("KEY"); pos != std::string::npos; pos = k.find("KEY", pos + 1)) {
        if (k.compare(pos, 6, "KEY_ID") != 0) {
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
    if (scheme_end == std::string_view::npos || scheme_end == 0 || !std::isalpha(static_cast<unsigned char>(value[0]))) {
        return std::nullopt;
    }
    // RFC 3986 scheme characters only: a random secret that happens to hold "://" is no URL.
    for (char c : value.substr(0, scheme_end)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
            return std::nullopt;
        }
    }
    const auto auth_start = scheme_end + 3;
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
