// The Diffgram service profiles (contract.md §2 --service): each one's canonical command and
// environment policy, as one table. Commands are those of Diffgram's images
// (diffgram-reference.md §6.1), without the shell wrappers the launcher replaces.
#include "dgl/process/service.hpp"

#include "dgl/errors.hpp"

namespace dgl::process {

const std::vector<ServiceProfile>& service_profiles() {
    // clang-format off
    static const std::vector<ServiceProfile> k_profiles{
        {"default",
         {"gunicorn", "--bind", ":8080", "--timeout", "120", "--worker-class", "sync", "--workers", "5",
          "--no-sendfile", "main:app"},
         "", EnvPolicy::full_docker_context, {}},
        {"walrus",
         {"gunicorn", "--bind", ":8080", "--timeout", "120", "--worker-class", "sync", "--workers", "3",
          "--no-sendfile", "main:app"},
         "", EnvPolicy::full_docker_context, {}},
        {"eventhandlers", {"python", "main.py"}, "", EnvPolicy::full_docker_context, {}},
        // The dispatcher reads DOCKER_CONTEXT to choose its ingress, so the launcher must not force it.
        {"dispatcher", {"python", "local_dispatch.py"}, "", EnvPolicy::full, {}},
        // Alembic finds alembic.ini in shared/ (default/db-init.sh: `cd shared; alembic upgrade head`).
        {"migrations", {"alembic", "upgrade", "head"}, "shared", EnvPolicy::full_docker_context, {}},
        // webpack-dev-server's report switch is the one other key the frontend reads (§6.5).
        {"frontend", {"nginx", "-g", "daemon off;"}, "", EnvPolicy::allowlist, {"npm_config_report"}},
    };
    // clang-format on
    return k_profiles;
}

const ServiceProfile& find_service(std::string_view name) {
    std::string known;
    for (const auto& p : service_profiles()) {
        if (p.name == name) {
            return p;
        }
        known += known.empty() ? "" : ", ";
        known += p.name;
    }
    throw launcher_error("unknown service '" + std::string(name) + "' (--service is one of " + known + ")");
}

}  // namespace dgl::process
