// The top of the program: parse the command line, run the subcommand, map errors to exit codes.
#pragma once

namespace dgl::app {

/// The whole program. Returns the exit code (contract.md §5); in exec mode it does not return.
int main(int argc, char** argv);

}  // namespace dgl::app
