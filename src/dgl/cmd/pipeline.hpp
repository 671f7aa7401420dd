// The pipeline every subcommand but lint/init/gen-fernet-key shares:
// sources -> precedence -> checks -> the child's environment.
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/cli/options.hpp"
#include "dgl/env/variable.hpp"
#include "dgl/process/service.hpp"

#include <string>
#include <vector>

namespace dgl::cmd {

struct Prepared {
    env::EnvMap vars;           ///< every resolved variable, with provenance
    check::Findings findings;   ///< parse problems, conflicts and check results (--strict applied)
    const process::ServiceProfile* service = nullptr;  ///< --service; its policy is applied to `vars`
};

/// Gathers the sources, resolves precedence and runs the checks (unless --no-check), then applies
/// the --service policy, so that `vars` is what the child receives.
/// Throws Error(125) when a source cannot be read or the service is unknown.
Prepared prepare(const cli::Options& opts);

/// prepare() for a command that prints and exits (check, print, explain, info): the result is
/// never freed, because the process ends right after and freeing 100,000 variables node by node
/// is a fifth of a 100k-key `check` (compilers skip it at exit for the same reason).
const Prepared& prepare_once(const cli::Options& opts);

/// Logs findings: errors and warnings at their level, notices at debug (production sees many).
void log_findings(const check::Findings& findings);

/// The resolved DIFFGRAM_SYSTEM_MODE (Diffgram's default: sandbox).
std::string system_mode(const env::EnvMap& vars);

}  // namespace dgl::cmd
