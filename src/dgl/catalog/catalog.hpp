// The Diffgram settings catalog: what Diffgram reads, how, and how sensitive each value is.
#pragma once

#include <optional>
#include <string_view>

namespace dgl::catalog {

/// Secret classes of diffgram-reference.md §2.4.
enum class SecretClass {
    public_value,   ///< not sensitive
    secret,         ///< secret material (Y)
    credential_id,  ///< credential identifier (ID), redacted like a secret
    secret_path,    ///< path to a file whose content is a secret (P)
    security_flag,  ///< security-sensitive flag (F)
};

/// The class the catalog gives `key`, or nullopt when the catalog does not know the key.
std::optional<SecretClass> secret_class(std::string_view key);

}  // namespace dgl::catalog
