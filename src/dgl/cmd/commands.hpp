// One function per subcommand (contract.md §2); each returns the exit code.
#pragma once

#include "dgl/cli/options.hpp"

namespace dgl::cmd {

int run(const cli::Options& opts);      ///< run.cpp: resolve, check, exec (or supervise)
int check(const cli::Options& opts);    ///< check.cpp
int print(const cli::Options& opts);    ///< print.cpp
int info(const cli::Options& opts);     ///< info.cpp: the Super Admin Info view
int explain(const cli::Options& opts);  ///< explain.cpp
int init(const cli::Options& opts);     ///< init.cpp: write a fresh dev .env
int gen_fernet_key(const cli::Options& opts);  ///< gen_fernet_key.cpp
int lint(const cli::Options& opts);     ///< lint.cpp: both dialects compared, --fix

}  // namespace dgl::cmd
