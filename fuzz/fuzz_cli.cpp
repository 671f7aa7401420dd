// libFuzzer target: the command line. Input: argv words separated by NUL, then (after a 0x01
// byte) DIFFGRAM_LAUNCH_* variables, one per NUL-separated word, written without the prefix.
// Every parse must end in Options or an Error(125), and a launch's parse (only the options its
// words can name, cli/options.cpp) must give what the whole table gives: the same Options or the
// same message.
#include "dgl/cli/options.hpp"
#include "dgl/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

std::vector<std::string> words(std::string_view s, std::size_t max) {
    std::vector<std::string> out;
    while (!s.empty() && out.size() < max) {
        const auto nul = s.find('\0');
        out.emplace_back(s.substr(0, nul));
        s = nul == std::string_view::npos ? std::string_view() : s.substr(nul + 1);
    }
    return out;
}

std::variant<dgl::cli::Options, std::string> parse(const std::vector<const char*>& argv,
                                                   const std::vector<const char*>& env, dgl::cli::Table table) {
    try {
        return dgl::cli::parse(static_cast<int>(argv.size()) - 1, argv.data(), env.data(), table);
    } catch (const dgl::Error& e) {
        if (e.code() != dgl::ExitCode::launcher_error) {
            __builtin_trap();
        }
        return std::string(e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto split = text.find('\x01');
    std::vector<std::string> args = words(text.substr(0, split), 32);
    std::vector<std::string> vars;
    if (split != std::string_view::npos) {
        for (auto& w : words(text.substr(split + 1), 8)) {
            vars.push_back("DIFFGRAM_LAUNCH_" + w);
        }
    }
    std::vector<const char*> argv{"diffgram-launch"};
    for (const auto& a : args) {
        argv.push_back(a.c_str());
    }
    argv.push_back(nullptr);
    std::vector<const char*> env;
    for (const auto& v : vars) {
        env.push_back(v.c_str());
    }
    env.push_back(nullptr);
    if (parse(argv, env, dgl::cli::Table::used) != parse(argv, env, dgl::cli::Table::whole)) {
        __builtin_trap();
    }
    return 0;
}
