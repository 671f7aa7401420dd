// Limits on a dotenv text before it is parsed: NUL bytes and line length (issue 5, limits).
#include "dgl/source/text_limits.hpp"

#include "dgl/errors.hpp"
#include "dgl/limits.hpp"

namespace dgl::source {

void check_dotenv_text(std::string_view text, const std::string& what) {
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0;; ++i) {
        const bool end = i == text.size();
        if (end || text[i] == '\n') {
            if (i - line_start > limits::k_max_line_bytes) {
                throw launcher_error("line " + std::to_string(line) + " of " + what + " is longer than the limit of " +
                                     std::to_string(limits::k_max_line_bytes) + " bytes");
            }
            if (end) {
                return;
            }
            ++line;
            line_start = i + 1;
        } else if (text[i] == '\0') {
            throw launcher_error(what + " holds a NUL byte at line " + std::to_string(line) + ", byte " +
                                 std::to_string(i - line_start + 1) + "; no environment variable can hold one");
        }
    }
}

}  // namespace dgl::source
