// The dev .env that `init` writes (one template per storage provider, common blocks shared).
// Values follow diffgram-reference.md §2 and correct the installer's known mistakes: it writes
// no URL_BASE, DATABASE_NAME twice, a bogus PYTHONPATH, and once FERNET_KEY as b'...'.
#include "dgl/cmd/init_env.hpp"

#include "dgl/errors.hpp"
#include "dgl/util/secure_random.hpp"
#include "dgl/util/strings.hpp"

#include <sys/utsname.h>

#include <sstream>

namespace dgl::cmd {

namespace {

// Lengths of generated secrets: 40 alphanumerics are about 238 bits, well above the 128-bit
// floor for keys; the MinIO key id is an identifier (MinIO wants at least 3 characters).
constexpr std::size_t k_secret_len = 40;
constexpr std::size_t k_password_len = 32;
constexpr std::size_t k_access_key_id_len = 20;
constexpr std::size_t k_fingerprint_len = 32;

const char* const k_bucket = "diffgram-storage";

void storage_block(std::ostringstream& out, std::string_view provider) {
    out << "\n# Storage\n";
    if (provider == "minio") {
        out << "# MinIO: Diffgram's docker-compose runs it (docker compose up -d minio); the same\n"
               "# key id and secret are MinIO's root user and password there.\n"
               "DIFFGRAM_STATIC_STORAGE_PROVIDER=minio\n"
               "DIFFGRAM_MINIO_ENDPOINT_URL=http://localhost:9000\n"
            << "DIFFGRAM_MINIO_ACCESS_KEY_ID=" << util::random_token(k_access_key_id_len) << "\n"
            << "DIFFGRAM_MINIO_ACCESS_KEY_SECRET=" << util::random_token(k_secret_len) << "\n"
            << "DIFFGRAM_MINIO_DISABLED_SSL_VERIFY=false\n"
               "DIFFGRAM_S3_BUCKET_NAME="
            << k_bucket << "\nML__DIFFGRAM_S3_BUCKET_NAME=" << k_bucket << "\n"
            << "IS_DIFFGRAM_S3_V4_SIGNATURE=true\n";
    } else if (provider == "aws") {
        out << "# AWS S3: fill in an access key of an IAM user that may read and write the bucket.\n"
               "DIFFGRAM_STATIC_STORAGE_PROVIDER=aws\n"
               "DIFFGRAM_AWS_ACCESS_KEY_ID=\n"
               "DIFFGRAM_AWS_ACCESS_KEY_SECRET=\n"
               "DIFFGRAM_S3_BUCKET_NAME="
            << k_bucket << "\nML__DIFFGRAM_S3_BUCKET_NAME=" << k_bucket << "\n"
            << "DIFFGRAM_S3_BUCKET_REGION=us-east-1\n"
               "IS_DIFFGRAM_S3_V4_SIGNATURE=true\n";
    } else if (provider == "gcp") {
        out << "# Google Cloud Storage: fill in the project; put the service account's JSON key at\n"
               "# the path below (it must exist: Diffgram issue #122).\n"
               "DIFFGRAM_STATIC_STORAGE_PROVIDER=gcp\n"
               "GOOGLE_PROJECT_NAME=\n"
               "CLOUD_STORAGE_BUCKET="
            << k_bucket << "\nML__CLOUD_STORAGE_BUCKET=" << k_bucket << "\n"
            << "SERVICE_ACCOUNT_FULL_PATH=/etc/diffgram/gcp-service-account.json\n"
               "GOOGLE_APPLICATION_CREDENTIALS=/etc/diffgram/gcp-service-account.json\n";
    } else if (provider == "azure") {
        out << "# Azure Blob Storage: fill in the storage account's connection string (Diffgram\n"
               "# parses it at import: a malformed one stops every service).\n"
               "DIFFGRAM_STATIC_STORAGE_PROVIDER=azure\n"
               "DIFFGRAM_AZURE_CONNECTION_STRING=\n"
               "DIFFGRAM_AZURE_CONTAINER_NAME="
            << k_bucket << "\nML__DIFFGRAM_AZURE_CONTAINER_NAME=" << k_bucket << "\n";
    } else {
        throw launcher_error("--provider must be minio, aws, gcp or azure");
    }
}

}  // namespace

const std::vector<std::string>& storage_providers() {
    static const std::vector<std::string> k_providers{"minio", "aws", "gcp", "azure"};
    return k_providers;
}

std::vector<std::string> keys_to_fill_in(std::string_view provider) {
    if (provider == "aws") {
        return {"DIFFGRAM_AWS_ACCESS_KEY_ID", "DIFFGRAM_AWS_ACCESS_KEY_SECRET"};
    }
    if (provider == "gcp") {
        return {"GOOGLE_PROJECT_NAME"};
    }
    if (provider == "azure") {
        return {"DIFFGRAM_AZURE_CONNECTION_STRING"};
    }
    return {};
}

std::string host_os() {
    struct utsname u {};
    if (::uname(&u) != 0) {
        return "posix linux";
    }
    std::string release = util::to_lower(u.release);
    // Keep the value safe unquoted (see dev_env_text); kernel releases are [0-9a-z.+_-] anyway.
    for (char& c : release) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '+';
        if (!ok) {
            c = '-';
        }
    }
    return "posix " + util::to_lower(u.sysname) + " " + release;
}

std::string dev_env_text(std::string_view provider, std::string_view os) {
    std::ostringstream out;
    const std::string db_pass = util::random_token(k_password_len);
    out << "# Diffgram development settings, written by `diffgram-launch init --provider " << provider << "`.\n"
        << "# The secrets below were generated for this file only, from the kernel's random source.\n"
           "# Keep the file private (mode 0600) and out of version control. Back up FERNET_KEY: it\n"
           "# encrypts the connection secrets stored in the database, and a new key makes them\n"
           "# unreadable (Diffgram issue #928).\n"
           "# Hosts are for bare-metal development (every service on localhost). For Diffgram's\n"
           "# docker-compose use the service names: db, rabbitmq, http://minio:9000, http://walrus:8082/.\n"
           "DIFFGRAM_SYSTEM_MODE=sandbox\n"
           "URL_BASE=http://localhost:8085/\n"
           "WALRUS_SERVICE_URL_BASE=http://127.0.0.1:8085/\n"
           "# Tracebacks in HTTP error bodies leak internals; turn on only while debugging.\n"
           "DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE=false\n"
           "\n# Identity (the fingerprint is random: Diffgram's installer hashes the MAC address)\n"
        << "DIFFGRAM_INSTALL_FINGERPRINT=" << util::random_hex(k_fingerprint_len) << "\n"
        << "DIFFGRAM_VERSION_TAG=latest\n"
        << "DIFFGRAM_HOST_OS=" << os << "\n"
        << "\n# Internal secrets: the same values must reach every backend service\n"
        << "FERNET_KEY=" << util::fernet_key() << "\n"
        << "SECRET_KEY=" << util::random_token(k_secret_len) << "\n"
        << "USER_PASSWORDS_SECRET=" << util::random_token(k_secret_len) << "\n"
        << "INTER_SERVICE_SECRET=" << util::random_token(k_secret_len) << "\n"
        << "\n# Database: DATABASE_URL (SQLAlchemy, alembic) and the parts (db-init.sh) name one database\n"
           "DATABASE_HOST=localhost\n"
           "DATABASE_NAME=diffgram\n"
           "DATABASE_USER=postgres\n"
        << "DATABASE_PASS=" << db_pass << "\n"
        << "DATABASE_URL=postgresql+psycopg2://postgres:" << db_pass << "@localhost/diffgram\n"
        << "\n# RabbitMQ (mandatory: the services stop at startup without it)\n"
           "RABBITMQ_HOST=localhost\n"
           "RABBITMQ_PORT=5672\n"
           "RABBITMQ_DEFAULT_USER=diffgram\n"
        << "RABBITMQ_DEFAULT_PASS=" << util::random_token(k_password_len) << "\n";
    storage_block(out, provider);
    return out.str();
}

}  // namespace dgl::cmd
