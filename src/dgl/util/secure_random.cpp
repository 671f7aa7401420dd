// Secret material from the kernel's CSPRNG (getrandom(2)).
#include "dgl/util/secure_random.hpp"

#include "dgl/errors.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace dgl::util {

namespace {
constexpr std::string_view k_alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view k_hex = "0123456789abcdef";
constexpr std::string_view k_b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `length` symbols of `alphabet`, uniform: a byte is used only below the largest multiple of
/// the alphabet size that fits in 256, so every symbol has the same probability.
std::string random_string(std::size_t length, std::string_view alphabet) {
    const std::size_t limit = 256 - (256 % alphabet.size());
    std::string out;
    out.reserve(length);
    while (out.size() < length) {
        for (const unsigned char b : random_bytes(length - out.size() + 8)) {
            if (b < limit && out.size() < length) {
                out.push_back(alphabet[b % alphabet.size()]);
            }
        }
    }
    return out;
}
}  // namespace

std::vector<unsigned char> random_bytes(std::size_t n) {
    std::vector<unsigned char> buf(n);
    std::size_t got = 0;
    while (got < n) {
        // flags 0: the urandom source, but blocking until the pool is initialised (getrandom(2)),
        // so early-boot units never get predictable secrets.
        const ssize_t r = ::getrandom(buf.data() + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw launcher_error(std::string("getrandom failed: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(r);
    }
    return buf;
}

std::string random_token(std::size_t length) { return random_string(length, k_alnum); }

std::string random_hex(std::size_t length) { return random_string(length, k_hex); }

std::string base64url(const std::vector<unsigned char>& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (unsigned{bytes[i]} << 16U) | (unsigned{bytes[i + 1]} << 8U) | bytes[i + 2];
        out += k_b64url[(v >> 18U) & 63U];
        out += k_b64url[(v >> 12U) & 63U];
        out += k_b64url[(v >> 6U) & 63U];
        out += k_b64url[v & 63U];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = unsigned{bytes[i]} << 16U;
        if (rest == 2) {
            v |= unsigned{bytes[i + 1]} << 8U;
        }
        out += k_b64url[(v >> 18U) & 63U];
        out += k_b64url[(v >> 12U) & 63U];
        out += rest == 2 ? k_b64url[(v >> 6U) & 63U] : '=';
        out += '=';
    }
    return out;
}

std::string fernet_key() { return base64url(random_bytes(32)); }

}  // namespace dgl::util
