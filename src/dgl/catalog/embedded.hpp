// Data files compiled into the binary by cmake/Embed.cmake (generated .cpp files in the build tree).
#pragma once

#include <string_view>

namespace dgl::catalog::embedded {

std::string_view catalog_tsv();         ///< data/catalog.tsv
std::string_view public_secrets_tsv();  ///< data/public-secrets.tsv

}  // namespace dgl::catalog::embedded
