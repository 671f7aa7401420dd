// Reading files with a size limit, through one descriptor.
#pragma once

#include <cstdint>
#include <string>

namespace dgl::util {

/// The whole content of `path`. Throws Error(125) naming `what` and `path` when the file is
/// missing, a directory, unreadable or larger than `limit` bytes (checked while reading too, so
/// pipes and /proc files are bounded). The checks and the read use one descriptor: no race.
std::string read_file_limited(const std::string& path, std::uintmax_t limit, const std::string& what);

}  // namespace dgl::util
