// Fernet key pinning with OpenSSL's HMAC-SHA256 (libssl-dev) and a getrandom(2) salt: a salted
// keyed fingerprint reveals nothing that makes the 256-bit key cheaper to find than brute force.
#include "dgl/state/fernet_pin.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/secure_random.hpp"
#include "dgl/util/strings.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace dgl::state {

namespace {

constexpr std::string_view k_file = "fernet-key.pin";
constexpr std::string_view k_magic = "diffgram-launch fernet-key-pin v1";
constexpr size_t k_salt_bytes = 32;
constexpr size_t k_mac_bytes = 32;

using Bytes = std::vector<unsigned char>;

std::string hex(const Bytes& b) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    for (auto c : b) {
        out += k_digits[c >> 4U];
        out += k_digits[c & 0xFU];
    }
    return out;
}

std::optional<Bytes> unhex(std::string_view s) {
    if (s.size() % 2 != 0) {
        return std::nullopt;
    }
    Bytes out;
    for (size_t i = 0; i < s.size(); i += 2) {
        auto nib = [](char c) -> int {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            return -1;
        };
        const int hi = nib(s[i]);
        const int lo = nib(s[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return out;
}

Bytes hmac_sha256(const Bytes& salt, std::string_view key) {
    Bytes mac(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), salt.data(), static_cast<int>(salt.size()),
             reinterpret_cast<const unsigned char*>(key.data()), key.size(), mac.data(), &len) == nullptr) {
        throw launcher_error("cannot compute the FERNET_KEY fingerprint (OpenSSL HMAC failed)");
    }
    mac.resize(len);
    return mac;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string fernet_pin_path(const std::string& dir) { return dir + "/" + std::string(k_file); }

PinStatus compare_fernet_pin(const std::string& dir, std::string_view key) {
    const std::string path = fernet_pin_path(dir);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return PinStatus::none;
        }
        throw launcher_error("cannot read the Fernet key pin " + path + ": " + errno_text());
    }
    if (!S_ISREG(st.st_mode)) {
        throw launcher_error("the Fernet key pin " + path + " is not a regular file");
    }
    const auto lines = util::split(util::read_file_limited(path, 4096, "Fernet key pin"), '\n');
    std::optional<Bytes> salt;
    std::optional<Bytes> mac;
    bool magic = false;
    for (const auto& line : lines) {
        magic = magic || line == k_magic;
        if (line.starts_with("salt ")) {
            salt = unhex(line.substr(5));
        } else if (line.starts_with("hmac-sha256 ")) {
            mac = unhex(line.substr(12));
        }
    }
    if (!magic || !salt || !mac || salt->size() != k_salt_bytes || mac->size() != k_mac_bytes) {
        throw launcher_error("the Fernet key pin " + path + " is malformed; restore it from a backup, or remove "
                             "it to pin the current key");
    }
    const Bytes now = hmac_sha256(*salt, key);
    return CRYPTO_memcmp(now.data(), mac->data(), k_mac_bytes) == 0 ? PinStatus::same : PinStatus::different;
}

void record_fernet_pin(const std::string& dir, std::string_view key) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        throw launcher_error("cannot create the state directory " + dir + ": " + errno_text());
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw launcher_error("the state directory " + dir + " is not a directory");
    }
    const std::string path = fernet_pin_path(dir);
    if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        throw launcher_error("the Fernet key pin " + path + " is not a regular file; not replacing it");
    }
    const Bytes salt = util::random_bytes(k_salt_bytes);
    const std::string text = std::string(k_magic) +
                             "\n# HMAC-SHA256 of FERNET_KEY keyed with the salt below; the key itself is not stored.\n"
                             "salt " + hex(salt) + "\nhmac-sha256 " + hex(hmac_sha256(salt, key)) + "\n";

    // mkstemp creates the file O_EXCL with mode 0600: no other file is ever opened for writing.
    // (util::write_private_file writes a new file in place and keeps .bak copies; the pin wants
    // temp+rename even the first time, and no backups in the state directory.)
    std::string tmp = dir + "/." + std::string(k_file) + ".XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) {
        throw launcher_error("cannot create a file in the state directory " + dir + ": " + errno_text());
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    for (size_t done = 0; ok && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(tmp.c_str());
        throw launcher_error("cannot write the Fernet key pin " + path + ": " + why);
    }
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);  // make the rename durable
        ::close(dfd);
    }
}

}  // namespace dgl::state
