// Boost.ProgramOptions table for every subcommand, the "stop at COMMAND" rule of `run`, and the
// DIFFGRAM_LAUNCH_<OPTION> variables (read here only, and never passed to the child).
#include "dgl/cli/options.hpp"

#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <boost/program_options.hpp>

#include <array>
#include <cstring>
#include <sstream>
#include <utility>

namespace po = boost::program_options;

namespace dgl::cli {

namespace {

constexpr std::string_view k_env_prefix = "DIFFGRAM_LAUNCH_";

// clang-format off
constexpr std::array<std::pair<std::string_view, Subcommand>, 8> k_subcommands{{
    {"run", Subcommand::run}, {"check", Subcommand::check}, {"explain", Subcommand::explain},
    {"print", Subcommand::print}, {"info", Subcommand::info}, {"lint", Subcommand::lint},
    {"init", Subcommand::init}, {"gen-fernet-key", Subcommand::gen_fernet_key},
}};
// Options whose DIFFGRAM_LAUNCH_* variable holds a ':'-separated list.
constexpr std::array<std::string_view, 5> k_list_options{"env-file", "secrets-dir", "keep", "allow-unsafe", "schema"};
// clang-format on

po::options_description visible_options() {
    po::options_description sources("Sources (contract precedence: --set > process env > secret files > commands > .env)");
    sources.add_options()
        ("env-file", po::value<std::vector<std::string>>()->value_name("FILE"),
         "load FILE (repeatable, later wins); ?FILE loads it only if it exists")
        ("no-dotenv", po::bool_switch(), "do not auto-discover .env")
        ("secrets-dir", po::value<std::vector<std::string>>()->value_name("DIR"),
         "every regular file in DIR is a variable (repeatable)")
        ("from-cmd", po::value<std::vector<std::string>>()->value_name("CMD"),
         "run CMD with /bin/sh -c, parse its stdout as dotenv (repeatable)")
        ("from-cmd-json", po::value<std::vector<std::string>>()->value_name("CMD"),
         "run CMD, parse its stdout as a flat JSON object of strings (repeatable)")
        ("from-cmd-timeout", po::value<int>()->value_name("SECONDS"), "time limit per command (default 30)")
        ("set", po::value<std::vector<std::string>>()->value_name("KEY=VALUE"), "set a value (repeatable)")
        ("override", po::bool_switch(), "file and command layers win over the process environment")
        ("pristine", po::bool_switch(), "inherit nothing from the process environment but --keep names")
        ("keep", po::value<std::vector<std::string>>()->value_name("NAME"), "with --pristine: inherit NAME")
        ("dialect", po::value<std::string>()->value_name("NAME"), ".env grammar: python-dotenv (default) or compose");
    po::options_description policy("Policy and checks");
    policy.add_options()
        ("service", po::value<std::string>()->value_name("NAME"),
         "default, walrus, eventhandlers, dispatcher, migrations or frontend")
        ("strict", po::bool_switch(), "warnings become errors")
        ("no-check", po::bool_switch(), "skip the catalog checks")
        ("reveal", po::bool_switch(), "show secret values in print/explain (refused in production)")
        ("allow-unsafe", po::value<std::vector<std::string>>()->value_name("KEY"),
         "accept KEY (e.g. LD_PRELOAD) from .env files and commands")
        ("schema", po::value<std::vector<std::string>>()->value_name("FILE"),
         "add or override catalog entries (repeatable)")
        ("state-dir", po::value<std::string>()->value_name("DIR"), "where the Fernet key fingerprint is pinned")
        ("accept-fernet-key-change", po::bool_switch(), "record a new FERNET_KEY fingerprint");
    po::options_description supervise("Supervision");
    supervise.add_options()
        ("init", po::bool_switch(), "supervise the child (default when PID 1)")
        ("no-init", po::bool_switch(), "exec the child even as PID 1")
        ("watch", po::bool_switch(), "restart the child when a source changes and still passes the checks")
        ("stop-timeout", po::value<int>()->value_name("SECONDS"), "grace period before SIGKILL (default 10)")
        ("mask-output", po::bool_switch(), "redact secret values in the child's stdout and stderr");
    po::options_description output("Output");
    output.add_options()
        ("format", po::value<std::string>()->value_name("FORMAT"), "output format of the subcommand")
        ("log-format", po::value<std::string>()->value_name("text|json"), "log line format (stderr)")
        ("log-level", po::value<std::string>()->value_name("LEVEL"), "trace, debug, info, warning, error or off")
        ("quiet,q", po::bool_switch(), "log errors only")
        ("fix", po::bool_switch(), "lint: write a file both dialects read the same")
        ("in-place", po::bool_switch(), "lint --fix: replace the file, keeping a backup")
        ("output", po::value<std::string>()->value_name("FILE"), "init, lint --fix: file to write")
        ("provider", po::value<std::string>()->value_name("NAME"), "init: minio, aws, gcp or azure")
        ("force", po::bool_switch(), "init: overwrite an existing file, keeping a backup")
        ("help,h", po::bool_switch(), "show this help")
        ("version", po::bool_switch(), "show the version");
    po::options_description all;
    all.add(sources).add(policy).add(supervise).add(output);
    return all;
}

po::options_description all_options() {
    po::options_description all = visible_options();
    all.add_options()("positional", po::value<std::vector<std::string>>(), "");
    return all;
}

/// `run`: everything from the first non-option word (or after "--") is COMMAND, as env(1) does,
/// so that the command's own options are never read as ours.
std::vector<po::option> stop_at_command(std::vector<std::string>& args) {
    std::vector<po::option> result;
    if (args.empty()) {
        return result;
    }
    const bool dashdash = args[0] == "--";
    if (!dashdash && !args[0].empty() && args[0][0] == '-') {
        return result;
    }
    for (size_t i = dashdash ? 1 : 0; i < args.size(); ++i) {
        po::option opt;
        opt.string_key = "positional";
        opt.value.push_back(args[i]);
        opt.original_tokens.push_back(args[i]);
        result.push_back(std::move(opt));
    }
    args.clear();
    return result;
}

template <typename T>
void take(const po::variables_map& vm, const char* name, T& into) {
    if (vm.count(name) != 0U && !vm[name].defaulted()) {
        into = vm[name].as<T>();
    }
}

void take_flag(const po::variables_map& vm, const char* name, bool& into) {
    if (vm.count(name) != 0U && vm[name].as<bool>()) {
        into = true;
    }
}

/// DIFFGRAM_LAUNCH_ENV_FILE=a:b -> {"--env-file", "a", "--env-file", "b"}.
std::vector<std::string> env_arguments(const po::options_description& desc, const char* const* environ) {
    std::vector<std::string> args;
    for (const char* const* e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        if (!entry.starts_with(k_env_prefix)) {
            continue;
        }
        const auto eq = entry.find('=');
        const std::string var(entry.substr(0, eq));
        const std::string value(eq == std::string_view::npos ? "" : entry.substr(eq + 1));
        std::string name = util::to_lower(var.substr(k_env_prefix.size()));
        std::replace(name.begin(), name.end(), '_', '-');
        const auto* opt = desc.find_nothrow(name, false);
        if (opt == nullptr || name == "help" || name == "version" || name == "positional") {
            throw launcher_error("unknown variable " + var + " (there is no option --" + name + ")");
        }
        if (opt->semantic()->max_tokens() == 0) {
            const auto b = util::parse_bool(value);
            if (!b) {
                throw launcher_error(var + " must be a boolean (yes, y, true, 1, no, n, false, 0 or empty)");
            }
            if (*b) {
                args.push_back("--" + name);
            }
            continue;
        }
        const bool is_list = std::find(k_list_options.begin(), k_list_options.end(), name) != k_list_options.end();
        for (const auto& item : is_list ? util::split(value, ':') : std::vector<std::string>{value}) {
            if (is_list && item.empty()) {
                continue;
            }
            args.push_back("--" + name);
            args.push_back(item);
        }
    }
    return args;
}

/// Boost's message without what the user typed after the option's name: `--sett=PASSWORD=x`,
/// `-xSECRET` or an invalid `--from-cmd-timeout` value may hold a secret (contract.md §6).
std::string usage_message(po::error_with_option_name& e) {
    std::string token = e.get_option_name();
    token = token.substr(0, token.find('='));
    if (token.size() > 2 && token[0] == '-' && token[1] != '-') {
        token.resize(2);  // a short option glued to its value: -xVALUE
    }
    e.set_original_token(token);
    const std::string with_value = "('%value%') ";
    if (const auto pos = e.m_error_template.find(with_value); pos != std::string::npos) {
        e.m_error_template.erase(pos, with_value.size());
    }
    e.set_substitute("value", "");
    return e.what();
}

/// A stray argument is echoed to help fix a typo, but a KEY=VALUE word shows its value only
/// as redact::display would.
std::string shown_argument(const std::string& arg) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
        return arg;
    }
    return arg.substr(0, eq + 1) + redact::display(arg.substr(0, eq), arg.substr(eq + 1));
}

}  // namespace

Options parse(int argc, const char* const* argv, const char* const* environ) {
    Options o;
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (!args.empty()) {
        for (const auto& [name, sub] : k_subcommands) {
            if (args[0] == name) {
                o.subcommand = sub;
                args.erase(args.begin());
                break;
            }
        }
    }
    const auto desc = all_options();
    po::positional_options_description pos;
    pos.add("positional", -1);
    po::variables_map vm;
    po::parsed_options from_cli(&desc);
    po::parsed_options from_env(&desc);
    try {
        po::command_line_parser cli(args);
        cli.options(desc).positional(pos);
        if (o.subcommand == Subcommand::run) {
            cli.extra_style_parser(stop_at_command);
        }
        from_cli = cli.run();
        from_env = po::command_line_parser(env_arguments(desc, environ)).options(desc).run();
        // Command line first: po::store keeps the first value stored, so the command line wins.
        po::store(from_cli, vm);
        po::store(from_env, vm);
        po::notify(vm);
    } catch (po::error_with_option_name& e) {
        throw launcher_error(usage_message(e) + " (see --help)");
    } catch (const po::error& e) {
        throw launcher_error(std::string(e.what()) + " (see --help)");
    }

    take(vm, "env-file", o.env_files);
    take_flag(vm, "no-dotenv", o.no_dotenv);
    take(vm, "secrets-dir", o.secrets_dirs);
    take(vm, "from-cmd-timeout", o.from_cmd_timeout);
    take(vm, "set", o.sets);
    take_flag(vm, "override", o.override_env);
    take_flag(vm, "pristine", o.pristine);
    take(vm, "keep", o.keep);
    std::string dialect;
    take(vm, "dialect", dialect);
    if (dialect == "compose") {
        o.dialect = dotenv::Dialect::compose;
    } else if (!dialect.empty() && dialect != "python-dotenv") {
        throw launcher_error("--dialect must be python-dotenv or compose");
    }
    take(vm, "service", o.service);
    take_flag(vm, "strict", o.strict);
    take_flag(vm, "no-check", o.no_check);
    take_flag(vm, "reveal", o.reveal);
    take(vm, "allow-unsafe", o.allow_unsafe);
    take(vm, "schema", o.schema_files);
    take(vm, "state-dir", o.state_dir);
    take_flag(vm, "accept-fernet-key-change", o.accept_fernet_key_change);
    bool init = false;
    bool no_init = false;
    take_flag(vm, "init", init);
    take_flag(vm, "no-init", no_init);
    if (init && no_init) {
        throw launcher_error("--init and --no-init exclude each other");
    }
    if (init || no_init) {
        o.init = init;
    }
    take_flag(vm, "watch", o.watch);
    take(vm, "stop-timeout", o.stop_timeout);
    take_flag(vm, "mask-output", o.mask_output);
    take(vm, "format", o.format);
    take(vm, "log-format", o.log_format);
    take(vm, "log-level", o.log_level);
    take_flag(vm, "quiet", o.quiet);
    take_flag(vm, "fix", o.fix);
    take_flag(vm, "in-place", o.in_place);
    take(vm, "output", o.output);
    take(vm, "provider", o.provider);
    take_flag(vm, "force", o.force);
    take(vm, "positional", o.positional);
    take_flag(vm, "help", o.help);
    take_flag(vm, "version", o.version);

    // --from-cmd and --from-cmd-json share one order (later wins): walk the parsed options as
    // given; the command line replaces the variables' list as a whole.
    for (const auto* parsed : {&from_cli, &from_env}) {
        for (const auto& opt : parsed->options) {
            if (opt.string_key == "from-cmd" || opt.string_key == "from-cmd-json") {
                o.commands.push_back({opt.value.at(0), opt.string_key == "from-cmd-json"});
            }
        }
        if (!o.commands.empty()) {
            break;
        }
    }

    if (o.from_cmd_timeout <= 0 || o.stop_timeout < 0) {
        throw launcher_error("timeouts must be positive numbers of seconds");
    }
    if (!o.positional.empty() && o.subcommand != Subcommand::run && o.subcommand != Subcommand::explain &&
        o.subcommand != Subcommand::lint) {
        throw launcher_error("unexpected argument '" + shown_argument(o.positional.front()) + "' (see --help)");
    }
    return o;
}

std::string help_text() {
    std::ostringstream out;
    out << "Usage:\n"
           "  diffgram-launch [OPTIONS] [--] COMMAND [ARG...]      resolve, check, then exec COMMAND\n"
           "  diffgram-launch run [OPTIONS] [--service NAME] [--] [COMMAND [ARG...]]\n"
           "  diffgram-launch check   [OPTIONS] [--format text|json]\n"
           "  diffgram-launch explain [OPTIONS] [--format text|json] [KEY...]\n"
           "  diffgram-launch print   [OPTIONS] [--format dotenv|json|shell|systemd|docker] [--reveal]\n"
           "  diffgram-launch info    [OPTIONS] [--format text|json]\n"
           "  diffgram-launch lint    [--format text|json] [--fix [--in-place|--output FILE]] FILE...\n"
           "  diffgram-launch init    [--provider minio|aws|gcp|azure] [--output FILE] [--force]\n"
           "  diffgram-launch gen-fernet-key\n\n"
        << visible_options()
        << "\nEvery option can also be given as DIFFGRAM_LAUNCH_<OPTION> (e.g. DIFFGRAM_LAUNCH_ENV_FILE);\n"
           "list options take ':'-separated values there. The command line wins.\n\n"
           "Exit codes: the child's own (exec), 128+N (supervised child killed by signal N),\n"
           "78 configuration rejected, 125 usage or launcher error, 126 not executable, 127 not found.\n";
    return out.str();
}

}  // namespace dgl::cli
