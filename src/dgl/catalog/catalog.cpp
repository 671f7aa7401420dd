// Interim catalog: the secret list of diffgram-reference.md §2.4 only. The full declarative
// catalog (types, defaults, services) replaces this table.
#include "dgl/catalog/catalog.hpp"

#include <array>
#include <utility>

namespace dgl::catalog {

namespace {
// clang-format off
constexpr std::array<std::pair<std::string_view, SecretClass>, 40> k_classes{{
    {"DATABASE_URL", SecretClass::secret}, {"UNIT_TESTING_DATABASE_URL", SecretClass::secret},
    {"DATABASE_PASS", SecretClass::secret}, {"SECRET_KEY", SecretClass::secret},
    {"USER_PASSWORDS_SECRET", SecretClass::secret}, {"INTER_SERVICE_SECRET", SecretClass::secret},
    {"FERNET_KEY", SecretClass::secret}, {"DIFFGRAM_AWS_ACCESS_KEY_SECRET", SecretClass::secret},
    {"DIFFGRAM_MINIO_ACCESS_KEY_SECRET", SecretClass::secret},
    {"DIFFGRAM_AZURE_CONNECTION_STRING", SecretClass::secret}, {"MAILGUN_KEY", SecretClass::secret},
    {"SMTP_PASSWORD", SecretClass::secret}, {"STRIPE_API_KEY", SecretClass::secret},
    {"_ANALYTICS_WRITE_KEY", SecretClass::secret}, {"LABELBOX_SECRET", SecretClass::secret},
    {"RABBITMQ_DEFAULT_PASS", SecretClass::secret}, {"OAUTH2_PROVIDER_CLIENT_SECRET", SecretClass::secret},
    {"KEY_CLOAK_MASTER_PASSWORD", SecretClass::secret}, {"KEY_CLOAK_DIFFGRAM_PASSWORD", SecretClass::secret},
    {"NEW_RELIC_LICENSE_KEY", SecretClass::secret}, {"HUB_SPOT_KEY", SecretClass::secret},
    {"SERVICE_ACCOUNT_JSON_B64", SecretClass::secret}, {"ERLANG_COOKIE", SecretClass::secret},
    {"DIFFGRAM_AWS_ACCESS_KEY_ID", SecretClass::credential_id},
    {"DIFFGRAM_MINIO_ACCESS_KEY_ID", SecretClass::credential_id},
    {"RABBITMQ_DEFAULT_USER", SecretClass::credential_id}, {"SMTP_USERNAME", SecretClass::credential_id},
    {"KEY_CLOAK_MASTER_USER", SecretClass::credential_id}, {"KEY_CLOAK_DIFFGRAM_USER", SecretClass::credential_id},
    {"SERVICE_ACCOUNT_FULL_PATH", SecretClass::secret_path},
    {"GOOGLE_APPLICATION_CREDENTIALS", SecretClass::secret_path},
    {"GCP_SERVICE_ACCOUNT_FILE_PATH", SecretClass::secret_path},
    {"SANDBOX_BYPASS_LOGIN", SecretClass::security_flag},
    {"DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE", SecretClass::security_flag},
    {"DIFFGRAM_MINIO_DISABLED_SSL_VERIFY", SecretClass::security_flag},
    {"DIFFGRAM_SYSTEM_MODE", SecretClass::security_flag},
    {"KEYCLOAK_REALM", SecretClass::public_value}, {"OAUTH2_PROVIDER_PUBLIC_KEY", SecretClass::public_value},
    {"OAUTH2_PROVIDER_CLIENT_ID", SecretClass::public_value}, {"IS_DIFFGRAM_S3_V4_SIGNATURE", SecretClass::public_value},
}};
// clang-format on
}  // namespace

std::optional<SecretClass> secret_class(std::string_view key) {
    for (const auto& [name, cls] : k_classes) {
        if (name == key) {
            return cls;
        }
    }
    return std::nullopt;
}

}  // namespace dgl::catalog
