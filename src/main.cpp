#include "dgl/app.hpp"
int main(int argc, char** argv) { return dgl::app::main(argc, argv); }
