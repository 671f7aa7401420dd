// Logging setup: spdlog, stderr only (stdout belongs to the child and to `print`).
// Two line formats: text for people, json (one object a line) for log collectors.
#include "dgl/log.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/strings.hpp"

#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <unistd.h>

namespace dgl::log {

namespace {

/// Fields of the live Scopes, innermost last. The launcher logs from one thread; thread_local
/// keeps a helper thread (the supervisor's) from mixing its fields into another's lines.
thread_local Fields t_fields;

/// RFC 3339 UTC with milliseconds, the form collectors parse without configuration.
std::string rfc3339(spdlog::log_clock::time_point t) {
    const auto since = t.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since - secs).count();
    const std::time_t tt = static_cast<std::time_t>(secs.count());
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    char buf[40];
    const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out(buf, n);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
    return out + frac;
}

/// {"time": "...", "level": "...", "message": "...", "fields": {...}} and a newline.
/// Every string goes through util::json_quote, so a line is always one valid JSON object.
class JsonFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto level = spdlog::level::to_string_view(msg.level);
        std::string line = "{\"time\": " + util::json_quote(rfc3339(msg.time)) +
                           ", \"level\": " + util::json_quote(std::string_view(level.data(), level.size())) +
                           ", \"message\": " +
                           util::json_quote(std::string_view(msg.payload.data(), msg.payload.size())) +
                           ", \"fields\": {\"program\": \"diffgram-launch\", \"pid\": " +
                           std::to_string(::getpid());
        for (const auto& [name, value] : t_fields) {
            line += ", " + util::json_quote(name) + ": " + util::json_quote(value);
        }
        line += "}}\n";
        dest.append(line.data(), line.data() + line.size());
    }
    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonFormatter>();
    }
};

}  // namespace

void setup(const std::string& level, bool quiet, const std::string& format) {
    // Validate everything before replacing the default logger: an error thrown from here is
    // itself logged, so the previous logger must still be in place (spdlog::drop would null it).
    if (format != "text" && format != "json") {
        throw launcher_error("--log-format must be text or json");
    }
    spdlog::level::level_enum lvl = spdlog::level::info;
    if (quiet) {
        lvl = spdlog::level::err;
    } else if (level == "warning" || level == "warn") {
        lvl = spdlog::level::warn;
    } else {
        lvl = spdlog::level::from_str(level);
        if (lvl == spdlog::level::off && level != "off") {
            throw launcher_error("--log-level must be trace, debug, info, warning, error or off");
        }
    }
    auto logger = std::make_shared<spdlog::logger>("diffgram-launch",
                                                   std::make_shared<spdlog::sinks::stderr_sink_st>());
    if (format == "json") {
        logger->set_formatter(std::make_unique<JsonFormatter>());
    } else {
        logger->set_pattern("diffgram-launch: %^%l%$: %v");
    }
    logger->set_level(lvl);
    // A message that fails to format would be echoed by spdlog's default handler; drop it.
    logger->set_error_handler([](const std::string&) {});
    spdlog::set_default_logger(std::move(logger));
}

std::string early_format(int argc, const char* const* argv, const char* const* environ) {
    std::string format;
    for (const char* const* e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (entry.starts_with("DIFFGRAM_LAUNCH_LOG_FORMAT=")) {
            format = entry.substr(entry.find('=') + 1);
        }
    }
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--") {
            break;
        }
        if (arg == "--log-format" && i + 1 < argc) {
            format = argv[i + 1];
        } else if (arg.starts_with("--log-format=")) {
            format = arg.substr(arg.find('=') + 1);
        }
    }
    return format == "json" ? "json" : "text";
}

Scope::Scope(Fields fields) : m_previous_size(t_fields.size()) {
    for (auto& f : fields) {
        t_fields.push_back(std::move(f));
    }
}

Scope::~Scope() { t_fields.resize(m_previous_size); }

}  // namespace dgl::log
