// The content `init` writes: a complete development .env for one storage provider, with fresh
// secrets. Pure text generation (secrets from util::secure_random), no file I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dgl::cmd {

/// The storage providers Diffgram knows (DIFFGRAM_STATIC_STORAGE_PROVIDER), minio first (default).
const std::vector<std::string>& storage_providers();

/// A complete dev .env for `provider`: every variable Diffgram needs to start (URL_BASE, identity,
/// the four internal secrets with a valid FERNET_KEY, database, RabbitMQ, storage), each key once,
/// no PYTHONPATH. Every value is written unquoted and contains no character that needs quoting,
/// so python-dotenv, compose, systemd's EnvironmentFile= and `docker --env-file` read the same.
/// `host_os` is DIFFGRAM_HOST_OS. Throws Error(125) for an unknown provider.
std::string dev_env_text(std::string_view provider, std::string_view host_os);

/// The keys of `provider` whose values only the user can supply (cloud credentials); init
/// writes them empty under a "fill in" comment and names them on stderr.
std::vector<std::string> keys_to_fill_in(std::string_view provider);

/// DIFFGRAM_HOST_OS as Diffgram's installer computes it (`os.name platform.system
/// platform.release`, lower-cased), from uname(2): e.g. "posix linux 6.1.0-18-amd64".
std::string host_os();

}  // namespace dgl::cmd
