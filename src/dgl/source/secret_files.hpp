// Secret files as a source (contract.md §3, layer 3): KEY_FILE=/path indirection, --secrets-dir
// directories (Docker /run/secrets, Kubernetes Secret volumes) and $CREDENTIALS_DIRECTORY.
#pragma once

#include "dgl/env/precedence.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include "dgl/limits.hpp"

#include <vector>

namespace dgl::source {

/// Largest secret file accepted (systemd allows 1 MB of credentials per unit; a secret is small).
inline constexpr std::uintmax_t k_max_secret_bytes = limits::k_max_secret_file_bytes;  // limits.hpp

/// The value held by one secret file: its content with trailing newlines (\n, \r\n) removed.
/// Throws Error(125), naming `path` and `context` (where the path came from), when the file is
/// missing, a symlink loop, a directory or not a regular file, unreadable, larger than 1 MiB, or
/// holds a NUL byte.
std::string read_secret_file(const std::string& path, const std::string& context);

/// Every variable of a one-file-per-key directory: name = file name, value = read_secret_file.
/// Hidden names (Kubernetes `..data`, `..2024_...`) are skipped, symlinks are followed, a
/// subdirectory or a name holding '=' is skipped with a warning. Sorted by name. `where` is the
/// place shown to users ("secrets dir DIR", "$CREDENTIALS_DIRECTORY"). Throws Error(125) when the
/// directory is missing, not a directory or unreadable (an empty directory is fine).
std::vector<env::Candidate> read_secrets_dir(const std::string& dir, const std::string& where, int order);

/// True for the well-known variables that end in _FILE but name a file their own program reads
/// (SSL_CERT_FILE, AWS_WEB_IDENTITY_TOKEN_FILE, ...): they are passed through, not indirected.
bool is_passthrough_file_key(std::string_view key);

/// True when KEY_FILE is read as a secret file for KEY: KEY is a catalog key or a secret by
/// name (contract §6), and KEY_FILE itself is neither a catalog setting nor on the passthrough
/// list. Other *_FILE variables (NIX_SSL_CERT_FILE, NEW_RELIC_CONFIG_FILE) pass through as paths.
bool is_file_indirection(std::string_view file_key);

/// The KEY_FILE indirections: resolves `in` as it stands (so that KEY_FILE may come from --set,
/// the process environment, a command or a .env file, and the winning path counts), reads every
/// KEY_FILE's file into `in.secret_files` as a layer-3 candidate for KEY ("file PATH", orders from
/// `first_order` up) and records it in `in.file_indirections`. Throws Error(125) when a file cannot
/// be used (see read_secret_file) or for a nested KEY_FILE_FILE.
void add_file_indirections(env::Inputs& in, int first_order);

}  // namespace dgl::source
