// The command line (contract.md §2): argv and DIFFGRAM_LAUNCH_* variables -> Options.
#pragma once

#include "dgl/env/dotenv.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::cli {

enum class Subcommand { run, check, explain, print, info, lint, init, gen_fernet_key };

/// One --from-cmd / --from-cmd-json, in command-line order (later wins).
struct SecretsCommand {
    std::string command;
    bool json = false;
    friend bool operator==(const SecretsCommand&, const SecretsCommand&) = default;
};

struct Options {
    Subcommand subcommand = Subcommand::run;

    // Sources (contract.md §3).
    std::vector<std::string> env_files;  ///< a leading '?' marks an optional file
    bool no_dotenv = false;
    std::vector<std::string> secrets_dirs;
    std::vector<SecretsCommand> commands;
    int from_cmd_timeout = 30;  ///< seconds
    std::vector<std::string> sets;  ///< KEY=VALUE
    bool override_env = false;
    bool pristine = false;
    std::vector<std::string> keep;
    dotenv::Dialect dialect = dotenv::Dialect::python_dotenv;

    // Policy and checks.
    std::string service;  ///< empty = no service profile
    bool strict = false;
    bool no_check = false;
    bool reveal = false;
    std::vector<std::string> allow_unsafe;
    std::vector<std::string> schema_files;
    std::string state_dir;
    bool accept_fernet_key_change = false;

    // Supervision.
    std::optional<bool> init;  ///< nullopt = automatic (on when PID 1)
    bool watch = false;
    int stop_timeout = 10;  ///< seconds
    bool mask_output = false;

    // Output.
    std::string format;  ///< subcommand-specific; empty = the subcommand's default
    std::string log_format = "text";
    std::string log_level = "info";
    bool quiet = false;

    // lint / init
    bool fix = false;
    bool in_place = false;
    std::string output;
    std::string provider = "minio";
    bool force = false;

    /// run: COMMAND and its arguments; explain: KEYs; lint: FILEs.
    std::vector<std::string> positional;

    bool help = false;
    bool version = false;

    friend bool operator==(const Options&, const Options&) = default;
};

/// Which Boost.ProgramOptions table a parse builds. `used`: only the options its words can name
/// (a launch's cost). `whole`: every option. A parse's result never depends on it; the
/// fuzz_cli target checks exactly that.
enum class Table { used, whole };

/// Parses argv, then fills options not given on the command line from DIFFGRAM_LAUNCH_<OPTION>
/// variables of `environ`. Throws Error(125) on a usage error.
Options parse(int argc, const char* const* argv, const char* const* environ, Table table = Table::used);

/// Whether `word` names a subcommand (check, print, ...): a COMMAND that is one and is not found
/// was most likely meant as one, after an option (`diffgram-launch -q check`).
bool is_subcommand_name(std::string_view word);

/// The --help text (also the source of the man page's option list check).
std::string help_text();

}  // namespace dgl::cli
