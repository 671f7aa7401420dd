// Logging setup: spdlog, stderr only (stdout belongs to the child and to `print`).
#include "dgl/log.hpp"

#include "dgl/errors.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace dgl::log {

void setup(const std::string& level, bool quiet, const std::string& format) {
    spdlog::drop("diffgram-launch");
    auto logger = spdlog::stderr_logger_st("diffgram-launch");
    if (format == "text") {
        logger->set_pattern("diffgram-launch: %^%l%$: %v");
    } else {
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
    logger->set_level(lvl);
    spdlog::set_default_logger(logger);
}

}  // namespace dgl::log
