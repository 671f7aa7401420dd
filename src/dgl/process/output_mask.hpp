// --mask-output: a streaming filter that replaces every secret value of the child's environment
// with <redacted> in its stdout/stderr, also when a value is split across two reads.
#pragma once

#include "dgl/env/variable.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::process {

/// The strings to mask for a child environment: the value of every secret variable
/// (redact::is_secret) and the password of every URL, raw and percent-decoded. Empty values and
/// Diffgram booleans (true, 0, no, ...) are left out: they are flags, not credentials, and
/// masking them would garble every line.
std::vector<std::string> secret_values(const env::EnvMap& vars);

class OutputMask {
public:
    explicit OutputMask(const std::vector<std::string>& secrets);

    /// Bytes of `chunk` (after what was held back) that are safe to write now. At most
    /// longest-secret-length - 1 bytes are held back, and only while they could still begin a secret.
    std::string feed(std::string_view chunk);

    /// End of stream: everything held back, masked.
    std::string flush();

    /// Adds secrets (a restarted child's new values; the old ones stay masked too).
    void add(const std::vector<std::string>& secrets);

    /// Bytes currently held back (for tests and the supervisor's drain).
    [[nodiscard]] size_t pending() const { return m_pending.size(); }

private:
    std::string scan(bool at_end);

    std::vector<std::string> m_secrets;  ///< longest first, so the longest match wins
    std::array<bool, 256> m_first{};     ///< bytes a secret can start with
    std::string m_pending;
    size_t m_masked_left = 0;  ///< the first bytes of m_pending inside a region already masked
};

}  // namespace dgl::process
