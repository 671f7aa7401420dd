// Mail: Diffgram's mailer-active rule (/api/configs/is-mailer-set), signup verification without
// a working mailer, and SMTP ports that cannot work with implicit TLS.
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

namespace dgl::check {

namespace {

/// mail_var_is_set(): not None, not 'none', not empty (shared/communicate/email.py).
bool mail_set(const Context& ctx, const char* key) {
    const auto v = ctx.effective(key);
    return v && !v->empty() && *v != "none";
}

bool mailgun_complete(const Context& ctx) { return mail_set(ctx, "MAILGUN_KEY") && mail_set(ctx, "EMAIL_DOMAIN_NAME"); }

bool smtp_complete(const Context& ctx) {
    return mail_set(ctx, "SMTP_HOST") && mail_set(ctx, "SMTP_PORT") && mail_set(ctx, "SMTP_USERNAME") &&
           mail_set(ctx, "SMTP_PASSWORD");
}

}  // namespace

bool mailer_active(const Context& ctx) {
    const bool validation = ctx.flag("EMAIL_VALIDATION").value_or(false);
    return validation && (mailgun_complete(ctx) || smtp_complete(ctx));
}

Findings check_mail(const Context& ctx) {
    Findings out;
    const auto validation = ctx.flag("EMAIL_VALIDATION");
    if (!validation) {
        return out;  // check_types reports the bool
    }
    if (*validation && !mailer_active(ctx)) {
        out.push_back(make(ctx, "DGL220", Severity::warning, "EMAIL_VALIDATION",
                           "is on, but no mailer is complete, so signup verification mails are never sent",
                           "set MAILGUN_KEY and EMAIL_DOMAIN_NAME (Mailgun), or SMTP_HOST, SMTP_PORT, SMTP_USERNAME "
                           "and SMTP_PASSWORD (SMTP); the value none counts as unset"));
    } else if (!*validation && (mailgun_complete(ctx) || smtp_complete(ctx))) {
        out.push_back(make(ctx, "DGL221", Severity::notice, "EMAIL_VALIDATION",
                           "is off, so the configured mailer is not active and Diffgram sends no mail",
                           "set EMAIL_VALIDATION=true to send mail"));
    }
    if (mail_set(ctx, "SMTP_HOST")) {
        const auto port = parse_python_int(ctx.effective("SMTP_PORT").value_or(""));
        if (port && (*port == 25 || *port == 587)) {
            out.push_back(make(ctx, "DGL222", Severity::warning, "SMTP_PORT",
                               "is a STARTTLS port, but Diffgram connects with implicit TLS (smtplib.SMTP_SSL)",
                               "use the server's implicit-TLS port, usually 465"));
        }
    }
    return out;
}

}  // namespace dgl::check
