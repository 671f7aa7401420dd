// The one exception type: thrown at boundaries, caught once in app.cpp, mapped to an exit code.
// Messages must never hold a secret value; build them from keys, paths and redact::display().
#pragma once

#include "dgl/exit_codes.hpp"

#include <stdexcept>
#include <string>

namespace dgl {

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    [[nodiscard]] ExitCode code() const { return m_code; }

private:
    ExitCode m_code;
};

/// A usage error or a failure of the launcher itself: exit 125.
inline Error launcher_error(const std::string& message) { return {ExitCode::launcher_error, message}; }

}  // namespace dgl
