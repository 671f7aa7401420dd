// Boost.ProgramOptions table for every subcommand, the "stop at COMMAND" rule of `run`, and the
// DIFFGRAM_LAUNCH_<OPTION> variables (read here only, and never passed to the child).
#include "dgl/cli/options.hpp"

#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
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
// clang-format on

/// What an option takes. A `colon_list` is a `list` whose DIFFGRAM_LAUNCH_* variable holds
/// ':'-separated items (not --set or --from-cmd: their values hold ':' themselves).
enum class Kind { flag, text, number, list, colon_list };

/// One option: Boost's "long[,short]" name, what it takes, and its --help line.
struct Spec {
    std::string_view names;
    Kind kind;
    const char* value_name;
    const char* help;
};

struct Group {
    const char* caption;
    std::span<const Spec> specs;
};

// clang-format off
constexpr std::array k_sources{
    Spec{"env-file", Kind::colon_list, "FILE", "load FILE (repeatable, later wins); ?FILE loads it only if it exists"},
    Spec{"no-dotenv", Kind::flag, nullptr, "do not auto-discover .env"},
    Spec{"secrets-dir", Kind::colon_list, "DIR", "every regular file in DIR is a variable (repeatable)"},
    Spec{"from-cmd", Kind::list, "CMD", "run CMD with /bin/sh -c, parse its stdout as dotenv (repeatable)"},
    Spec{"from-cmd-json", Kind::list, "CMD", "run CMD, parse its stdout as a flat JSON object of strings (repeatable)"},
    Spec{"from-cmd-timeout", Kind::number, "SECONDS", "time limit per command (default 30)"},
    Spec{"set", Kind::list, "KEY=VALUE", "set a value (repeatable)"},
    Spec{"override", Kind::flag, nullptr, "file and command layers win over the process environment"},
    Spec{"pristine", Kind::flag, nullptr, "inherit nothing from the process environment but --keep names"},
    Spec{"keep", Kind::colon_list, "NAME", "with --pristine: inherit NAME"},
    Spec{"dialect", Kind::text, "NAME", ".env grammar: python-dotenv (default) or compose"},
};
constexpr std::array k_policy{
    Spec{"service", Kind::text, "NAME", "default, walrus, eventhandlers, dispatcher, migrations or frontend"},
    Spec{"strict", Kind::flag, nullptr, "warnings become errors"},
    Spec{"no-check", Kind::flag, nullptr, "skip the catalog checks"},
    Spec{"reveal", Kind::flag, nullptr, "show secret values in print/explain (refused in production)"},
    Spec{"allow-unsafe", Kind::colon_list, "KEY", "accept KEY (e.g. LD_PRELOAD) from .env files and commands"},
    Spec{"schema", Kind::colon_list, "FILE", "add or override catalog entries (repeatable)"},
    Spec{"state-dir", Kind::text, "DIR", "where the Fernet key fingerprint is pinned"},
    Spec{"accept-fernet-key-change", Kind::flag, nullptr, "record a new FERNET_KEY fingerprint"},
};
constexpr std::array k_supervise{
    Spec{"init", Kind::flag, nullptr, "supervise the child (default when PID 1)"},
    Spec{"no-init", Kind::flag, nullptr, "exec the child even as PID 1"},
    Spec{"watch", Kind::flag, nullptr, "restart the child when a source changes and still passes the checks"},
    Spec{"stop-timeout", Kind::number, "SECONDS", "grace period before SIGKILL (default 10)"},
    Spec{"mask-output", Kind::flag, nullptr, "redact secret values in the child's stdout and stderr"},
};
constexpr std::array k_output{
    Spec{"format", Kind::text, "FORMAT", "output format of the subcommand"},
    Spec{"log-format", Kind::text, "text|json", "log line format (stderr)"},
    Spec{"log-level", Kind::text, "LEVEL", "trace, debug, info, warning, error or off"},
    Spec{"quiet,q", Kind::flag, nullptr, "log errors only"},
    Spec{"fix", Kind::flag, nullptr, "lint: write a file both dialects read the same"},
    Spec{"in-place", Kind::flag, nullptr, "lint --fix: replace the file, keeping a backup"},
    Spec{"output", Kind::text, "FILE", "init, lint --fix: file to write"},
    Spec{"provider", Kind::text, "NAME", "init: minio, aws, gcp or azure"},
    Spec{"force", Kind::flag, nullptr, "init: overwrite an existing file, keeping a backup"},
    Spec{"help,h", Kind::flag, nullptr, "show this help"},
    Spec{"version", Kind::flag, nullptr, "show the version"},
};
const std::array k_groups{
    Group{"Sources (contract precedence: --set > process env > secret files > commands > .env)", k_sources},
    Group{"Policy and checks", k_policy},
    Group{"Supervision", k_supervise},
    Group{"Output", k_output},
};
// clang-format on

std::string_view long_name(const Spec& s) { return s.names.substr(0, s.names.find(',')); }
/// The short name's letter, or 0.
char short_name(const Spec& s) {
    const auto comma = s.names.find(',');
    return comma == std::string_view::npos ? '\0' : s.names[comma + 1];
}

const Spec* find_spec(std::string_view name) {
    for (const auto& g : k_groups) {
        for (const auto& s : g.specs) {
            if (long_name(s) == name) {
                return &s;
            }
        }
    }
    return nullptr;
}

void add(po::options_description& desc, const Spec& s) {
    const std::string names(s.names);
    switch (s.kind) {
    case Kind::flag:
        desc.add_options()(names.c_str(), po::bool_switch(), s.help);
        break;
    case Kind::text:
        desc.add_options()(names.c_str(), po::value<std::string>()->value_name(s.value_name), s.help);
        break;
    case Kind::number:
        desc.add_options()(names.c_str(), po::value<int>()->value_name(s.value_name), s.help);
        break;
    case Kind::list:
    case Kind::colon_list:
        desc.add_options()(names.c_str(), po::value<std::vector<std::string>>()->value_name(s.value_name), s.help);
        break;
    }
}

/// Every option, in its group: the --help text.
po::options_description visible_options() {
    po::options_description all;
    for (const auto& g : k_groups) {
        po::options_description group(g.caption);
        for (const auto& s : g.specs) {
            add(group, s);
        }
        all.add(group);
    }
    return all;
}

/// Could `token` name option `s`? Every way Boost looks a token up (its src/cmdline.cpp): as a long
/// option, by any prefix of its name (allow_guessing: "--env" is --env-file, "---h" is -h); as
/// short options, "-qh" being -q -h (allow_sticky); and the word as it is, with guessing, before
/// it is taken as an option's value ("--service s" is ambiguous, "--env-file keep" lacks its
/// value, "" matches every option). Keeping every option a token can reach makes the parse (its
/// errors and ambiguities too) the same as with the whole table; fuzz/fuzz_cli.cpp checks it.
bool may_name(std::string_view token, const Spec& s) {
    const auto long_n = long_name(s);
    const char c = short_name(s);
    const auto found_by = [&](std::string_view key) {  // what find_nothrow(key, guessing) may return
        return long_n.starts_with(key) || (c != '\0' && key.size() == 2 && key[0] == '-' && key[1] == c);
    };
    if (token.size() >= 3 && token.starts_with("--")) {
        const auto eq = token.find('=');
        if (found_by(token.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2))) {
            return true;
        }
    }
    if (token.size() >= 2 && token[0] == '-' && token[1] != '-' && c != '\0' &&
        token.find(c, 1) != std::string_view::npos) {
        return true;
    }
    return found_by(token);
}

/// The table of the options the arguments can name, and the positional words. Building Boost's
/// option objects is most of a launch's parsing cost (a stringstream per option name), so a
/// launch pays only for the options it uses; an unknown option is still Boost's error.
po::options_description options_for(const std::vector<std::string>& cli, const std::vector<std::string>& env,
                                    Table table) {
    po::options_description desc;
    for (const auto& g : k_groups) {
        for (const auto& s : g.specs) {
            const auto named = [&s](const std::string& t) { return may_name(t, s); };
            if (table == Table::whole || std::any_of(cli.begin(), cli.end(), named) ||
                std::any_of(env.begin(), env.end(), named)) {
                add(desc, s);
            }
        }
    }
    desc.add_options()("positional", po::value<std::vector<std::string>>(), "");
    return desc;
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
std::vector<std::string> env_arguments(const char* const* environ) {
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
        const auto* spec = find_spec(name);
        if (spec == nullptr || name == "help" || name == "version") {
            throw launcher_error("unknown variable " + var + " (there is no option --" + name + ")");
        }
        if (spec->kind == Kind::flag) {
            const auto b = util::parse_bool(value);
            if (!b) {
                throw launcher_error(var + " must be a boolean (yes, y, true, 1, no, n, false, 0 or empty)");
            }
            if (*b) {
                args.push_back("--" + name);
            }
            continue;
        }
        const bool is_list = spec->kind == Kind::colon_list;
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
/// The token is also made safe for Boost's placeholder substitution, which replaces "%option%"
/// until none is left: a token holding one looped forever ("--%canonical_option%x", found by
/// fuzz_cli), or was shown mangled ("--%value%" as "--"). Its '%' signs go in as a marker byte and
/// come back after; control characters, which could drive the terminal, are shown as '?'.
std::string usage_message(po::error_with_option_name& e) {
    constexpr char k_percent = '\x01';
    std::string token = e.get_option_name();
    token = token.substr(0, token.find('='));
    if (token.size() > 2 && token[0] == '-' && token[1] != '-') {
        token.resize(2);  // a short option glued to its value: -xVALUE
    }
    for (char& c : token) {
        const auto u = static_cast<unsigned char>(c);
        c = c == '%' ? k_percent : (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    e.set_original_token(token);
    e.set_option_name(token);
    const std::string with_value = "('%value%') ";
    if (const auto pos = e.m_error_template.find(with_value); pos != std::string::npos) {
        e.m_error_template.erase(pos, with_value.size());
    }
    e.set_substitute("value", "");
    std::string message = e.what();
    std::replace(message.begin(), message.end(), k_percent, '%');
    return message;
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

Options parse(int argc, const char* const* argv, const char* const* environ, Table table) {
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
    const auto from_variables = env_arguments(environ);
    const auto desc = options_for(args, from_variables, table);
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
        from_env = po::command_line_parser(from_variables).options(desc).run();
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

    if (o.from_cmd_timeout <= 0) {
        throw launcher_error("--from-cmd-timeout must be a positive number of seconds");
    }
    if (o.stop_timeout < 0) {
        throw launcher_error("--stop-timeout must be 0 (SIGKILL at once) or a positive number of seconds");
    }
    if (!o.positional.empty() && o.subcommand != Subcommand::run && o.subcommand != Subcommand::explain &&
        o.subcommand != Subcommand::lint) {
        throw launcher_error("unexpected argument '" + shown_argument(o.positional.front()) + "' (see --help)");
    }
    return o;
}

bool is_subcommand_name(std::string_view word) {
    return std::any_of(k_subcommands.begin(), k_subcommands.end(), [&](const auto& s) { return s.first == word; });
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
