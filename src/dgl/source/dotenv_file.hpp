// .env files as a source: locating (auto-discovery), reading with limits, never writing.
#pragma once

#include "dgl/limits.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace dgl::source {

/// The raw text of one .env file and its place in layer 5.
struct DotenvFile {
    std::string path;  ///< as given by the user (shown in findings as path:line)
    std::string text;
    int order = 0;     ///< command-line position; later wins
};

/// Largest .env file accepted (a limit, not a guess at real sizes: 16 MiB; see limits.hpp).
inline constexpr std::uintmax_t k_max_dotenv_bytes = limits::k_max_dotenv_bytes;

/// Reads `spec` ("FILE" or "?FILE"). A "?FILE" that does not exist gives nullopt; any other
/// problem (missing, a directory, unreadable, too large, a NUL byte, a line too long) throws Error(125).
std::optional<DotenvFile> read_dotenv_file(const std::string& spec, int order);

/// The `.env` in `start` or its nearest parent directory that has one (Diffgram's find_dotenv).
std::optional<std::string> discover_dotenv(const std::filesystem::path& start);

}  // namespace dgl::source
