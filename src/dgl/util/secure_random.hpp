// Secret material from the kernel's CSPRNG (getrandom(2)): random bytes, tokens, Fernet keys.
// Used by `init` and `gen-fernet-key`; nothing here logs or formats a value for output.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dgl::util {

/// `n` bytes from getrandom(2) (blocking until the kernel pool is initialised, retried on EINTR
/// and short reads). Throws Error(125) when the kernel refuses.
std::vector<unsigned char> random_bytes(std::size_t n);

/// `length` characters drawn uniformly from [A-Za-z0-9] (rejection sampling, no modulo bias):
/// about 5.95 bits per character, and safe unquoted in .env files, URLs and shells.
std::string random_token(std::size_t length);

/// `length` lower-case hex characters (4 bits each).
std::string random_hex(std::size_t length);

/// A Fernet key as cryptography's Fernet.generate_key(): url-safe base64 (with '=' padding) of 32
/// random bytes, 44 characters. Never the `b'...'` repr that Diffgram's installer once wrote.
std::string fernet_key();

/// RFC 4648 §5 url-safe base64 with '=' padding.
std::string base64url(const std::vector<unsigned char>& bytes);

}  // namespace dgl::util
