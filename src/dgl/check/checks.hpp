// The catalog checks (DGL2xx, listed in docs/findings.md), one family per file. Each family
// reads the resolved variables through a Context and returns every finding it has; none throws.
#pragma once

#include "dgl/check/context.hpp"
#include "dgl/check/finding.hpp"

namespace dgl::check {

Findings check_types(const Context& ctx);       ///< types.cpp: EnvAdapter bools, ints, enums, URLs (DGL201-205)
Findings check_fernet(const Context& ctx);      ///< fernet.cpp: FERNET_KEY shape (DGL206-208)
Findings check_database(const Context& ctx);    ///< database.cpp: SQLAlchemy URL, db-init.sh agreement (DGL209-211)
Findings check_required(const Context& ctx);    ///< required.cpp: required keys, identity (DGL212-213)
Findings check_storage(const Context& ctx);     ///< storage.cpp: providers, GCP files, signed URLs (DGL214-219)
Findings check_mail(const Context& ctx);        ///< mail.cpp: the mailer-active rule (DGL220-222)
Findings check_production(const Context& ctx);  ///< production.cpp: DIFFGRAM_SYSTEM_MODE=production (DGL230-234)
Findings check_names(const Context& ctx);       ///< names.cpp: capitals, did-you-mean, PYTHONPATH (DGL240-243)

/// Every family, in the order above.
Findings run_all(const Context& ctx);

/// Diffgram's /api/configs/is-mailer-set rule (diffgram-reference.md §2.2 Mail).
bool mailer_active(const Context& ctx);

}  // namespace dgl::check
