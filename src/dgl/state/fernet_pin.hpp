// Fernet key pinning: a keyed fingerprint of FERNET_KEY kept in the state directory, so that a
// changed key is caught before Diffgram runs with it (diffgram #928). Never stores the key.
#pragma once

#include <string>
#include <string_view>

namespace dgl::state {

enum class PinStatus {
    none,       ///< nothing pinned yet in this state directory
    same,       ///< the key matches the pinned fingerprint
    different,  ///< the key differs from the pinned one
};

/// The pin file inside `dir`.
std::string fernet_pin_path(const std::string& dir);

/// Compares `key` with the fingerprint pinned in `dir`; reads only. Throws Error(125) when the
/// pin file exists but is not a regular file, cannot be read, or is malformed.
PinStatus compare_fernet_pin(const std::string& dir, std::string_view key);

/// Pins `key`: HMAC-SHA256 keyed with a fresh random 32-byte salt, written to a temporary file
/// created 0600 in `dir` and renamed over the pin file (never over anything else). Creates `dir`
/// (0700) when missing. Throws Error(125) on failure.
void record_fernet_pin(const std::string& dir, std::string_view key);

}  // namespace dgl::state
