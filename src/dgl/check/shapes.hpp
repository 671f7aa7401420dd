// Value shapes Diffgram's libraries parse: Python int(), Fernet keys, http(s) URLs, SQLAlchemy URLs.
// Pure functions, so that each rule can be tested against the library's behaviour alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dgl::check {

/// Python int() on a str: optional whitespace and sign, digits with single '_' between them.
std::optional<long long> parse_python_int(std::string_view s);

enum class FernetShape {
    ok,                 ///< 43 URL-safe base64 characters and '=' (32 bytes)
    standard_alphabet,  ///< as ok but with '+' or '/': Python accepts it, other Fernet libraries do not
    bytes_repr,         ///< b'...' around a key: the old installer's bug (diffgram commit 56550d2d)
    wrong_length,
    bad_characters,
};
FernetShape classify_fernet_key(std::string_view v);

/// An absolute http:// or https:// URL with a host and no whitespace.
bool is_http_url(std::string_view v);

/// The parts of a SQLAlchemy URL, as sqlalchemy.engine.make_url splits it (user and password
/// percent-decoded).
struct SqlalchemyUrl {
    std::string drivername;  ///< "postgresql+psycopg2"
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::string host;
    std::optional<std::string> port;
    std::optional<std::string> database;
};
/// nullopt when make_url would raise (no "name://", or a port that is not a number).
std::optional<SqlalchemyUrl> parse_sqlalchemy_url(std::string_view v);

}  // namespace dgl::check
