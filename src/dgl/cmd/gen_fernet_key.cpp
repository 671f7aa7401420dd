// `gen-fernet-key`: print one new Fernet key (url-safe base64 of 32 random bytes) on stdout.
// Printing it is the command's job; it goes to stdout only, never to a log.
#include "dgl/cmd/commands.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/secure_random.hpp"

#include <iostream>

namespace dgl::cmd {

int gen_fernet_key(const cli::Options& /*opts*/) {
    std::cout << util::fernet_key() << '\n' << std::flush;
    return to_int(ExitCode::ok);
}

}  // namespace dgl::cmd
