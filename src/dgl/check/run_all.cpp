// Runs every catalog check family in a fixed order, so reports are stable.
#include "dgl/check/checks.hpp"

namespace dgl::check {

Findings run_all(const Context& ctx) {
    Findings out;
    for (auto* family : {check_types, check_fernet, check_database, check_required, check_storage, check_mail,
                         check_production, check_names}) {
        auto f = family(ctx);
        out.insert(out.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
    }
    return out;
}

}  // namespace dgl::check
