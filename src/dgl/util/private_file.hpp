// Writing files that hold secrets: mode 0600, never over an existing file unless asked, and then
// keeping the old one as a backup that is itself never overwritten.
#pragma once

#include <string>
#include <string_view>

namespace dgl::util {

/// Writes `content` to `path` with mode 0600 (fsync'ed before returning).
/// Without `replace`: `path` must not exist; it is created with O_EXCL, so a file that appears
/// meanwhile is not overwritten either. With `replace` and an existing `path`: the old file is
/// hard-linked to the first free name of PATH.bak, PATH.bak.1, PATH.bak.2, ... (link(2) fails
/// rather than replace an existing name), then the new content, written to a temporary file in
/// the same directory, is renamed over `path`: readers see the old file or the new, never a
/// partial one. Returns the backup's path, or "" when there was nothing to back up.
/// Throws Error(125) naming the path (never the content) on any failure; nothing is left behind.
std::string write_private_file(const std::string& path, std::string_view content, bool replace);

}  // namespace dgl::util
