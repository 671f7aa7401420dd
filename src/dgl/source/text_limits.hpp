// Limits on a dotenv text before it is parsed (a .env file, a --from-cmd output): NUL bytes and
// line length. Errors name the place (line, column), never the text: a line may hold a secret.
#pragma once

#include <string>
#include <string_view>

namespace dgl::source {

/// Throws Error(125) when `text` holds a NUL byte (execve would silently cut the value there)
/// or a line longer than limits::k_max_line_bytes. `what` names the source ("file a.env",
/// "command #2") in the message.
void check_dotenv_text(std::string_view text, const std::string& what);

}  // namespace dgl::source
