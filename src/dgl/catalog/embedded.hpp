// Data files compiled into the binary by cmake/Embed.cmake (generated headers in the build tree):
// `inline constexpr std::string_view`s, so that constant expressions can parse them.
#pragma once

#include "dgl/catalog/catalog_tsv.hpp"         // embedded::catalog_tsv: data/catalog.tsv
#include "dgl/catalog/public_secrets_tsv.hpp"  // embedded::public_secrets_tsv: data/public-secrets.tsv
