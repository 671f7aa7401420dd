// Writing a file without ever overwriting a user's file by accident: a temp file beside the
// target, then link() (a new file: fails if it exists) or rename() (in place, after a backup that
// is itself created without clobbering anything).
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

namespace dgl::util {

/// Writes `text` to a new, uniquely named temp file in the directory of `target`, with `mode`
/// (and, best effort, `uid`/`gid`), flushed to disk. Returns its path. Throws Error(125).
std::string write_temp_beside(const std::string& target, std::string_view text, mode_t mode, uid_t uid, gid_t gid);

/// Moves `temp` to `target`, which must not exist (refused, temp removed: Error(125)).
void publish_new(const std::string& temp, const std::string& target);

/// Keeps `target` as the first free name of `target.bak`, `target.bak.1`, ... (an existing backup
/// is never touched), then renames `temp` over `target`. Returns the backup's path.
std::string replace_keeping_backup(const std::string& temp, const std::string& target);

/// Removes `temp` (after a refused write); errors are ignored.
void discard(const std::string& temp);

}  // namespace dgl::util
