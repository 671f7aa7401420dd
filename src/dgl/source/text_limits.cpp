// Limits on a dotenv text before it is parsed: NUL bytes and line length (issue 5, limits).
#include "dgl/source/text_limits.hpp"

#include "dgl/errors.hpp"
#include "dgl/limits.hpp"

#include <cstddef>

namespace dgl::source {

void check_dotenv_text(std::string_view text, const std::string& what) {
    // find (memchr) instead of a byte loop: this runs over every byte of every .env file. The
    // first problem in text order is reported, a NUL byte before the end of its line.
    const auto nul = text.find('\0');
    std::size_t line = 1;
    for (std::size_t start = 0;; ++line) {
        const auto nl = text.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        if (nul != std::string_view::npos && nul < end) {
            throw launcher_error(what + " holds a NUL byte at line " + std::to_string(line) + ", byte " +
                                 std::to_string(nul - start + 1) + "; no environment variable can hold one");
        }
        if (end - start > limits::k_max_line_bytes) {
            throw launcher_error("line " + std::to_string(line) + " of " + what + " is longer than the limit of " +
                                 std::to_string(limits::k_max_line_bytes) + " bytes");
        }
        if (nl == std::string_view::npos) {
            return;
        }
        start = nl + 1;
    }
}

}  // namespace dgl::source
