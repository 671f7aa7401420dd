// The one redaction path (contract.md §6): every value that leaves the launcher other than into
// the child's environment goes through display(). Nothing else formats a value for output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dgl::redact {

inline constexpr std::string_view k_mask = "<redacted>";

/// True when `key` names a secret: the catalog's secret or credential-identifier classes, or for
/// keys the catalog does not know, a name containing PASS, SECRET, TOKEN, KEY (not KEY_ID),
/// CREDENTIAL, PRIVATE, AUTH or DSN (case-insensitive).
bool is_secret_key(std::string_view key);

/// Where a value came from, as far as redaction is concerned. A value read from a secret file, a
/// secrets directory or systemd credentials was put in a secret store by someone: it is a secret
/// whatever its name (DB_PWD, SLACK_WEBHOOK_PATH). (env::redaction_source maps an origin.)
enum class Source { other, secret_store };

/// True when the value of `key` must not be shown: a secret key, a value from a secret store, or
/// a value shaped like a URL with a password however it is spelled (a ':' with an '@' after it).
bool is_secret(std::string_view key, std::string_view value, Source source = Source::other);

/// `value` with the password of its URL userinfo replaced by <redacted>, or nullopt when the
/// value is not a URL with a password. A value without a scheme counts when it starts with an
/// authority holding one (`admin:pw@host/path`: the URL whose `https://` was forgotten), so a
/// few non-URLs shaped like `a:b@c` are masked too; showing less is the safe mistake.
std::optional<std::string> mask_url_password(std::string_view value);

/// The value as it may be shown: itself when not secret or `reveal`; a URL keeps its shape with
/// the password masked (for a secret key only when it names a URL setting: DATABASE_URL, ..._URL);
/// any other secret is "<redacted>".
std::string display(std::string_view key, std::string_view value, bool reveal = false,
                    Source source = Source::other);

}  // namespace dgl::redact
