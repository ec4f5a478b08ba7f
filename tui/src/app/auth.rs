//! The sign-in screen's forms besides signing in: register, forgot password, verify email and
//! reset password. Each one's Enter becomes an `Effect` for the worker; the server's answer comes
//! back as `Msg::AuthAccepted`, `Msg::SignInFailed` or `Msg::SignInInvalid` (its rule per field).

use super::*;

/// The text of the focused field, to edit; editing a field clears what was said about it.
pub(super) fn field_mut(form: &mut SignIn) -> &mut String {
    let focus = form.focus;
    form.invalid.retain(|(field, _)| *field != focus);
    match focus {
        Field::Server => &mut form.server,
        Field::Name => &mut form.name,
        Field::Email => &mut form.email,
        Field::Password => &mut form.password,
        Field::Confirm => &mut form.confirm,
        Field::Token => &mut form.token,
        Field::Totp => form.totp.get_or_insert_with(String::new),
    }
}

pub(super) fn submit(form: &mut SignIn) -> Option<Effect> {
    let server = form.server.trim().trim_end_matches('/').to_owned();
    let mode = form.mode;
    let missing = [
        (server.is_empty(), "the server URL"),
        (
            mode == AuthMode::Register && form.name.trim().is_empty(),
            "your name",
        ),
        (
            matches!(
                mode,
                AuthMode::SignIn | AuthMode::Register | AuthMode::Forgot
            ) && form.email.trim().is_empty(),
            "your email",
        ),
        (
            matches!(mode, AuthMode::Verify | AuthMode::Reset) && form.token.trim().is_empty(),
            "the token from the mail",
        ),
        (
            matches!(
                mode,
                AuthMode::SignIn | AuthMode::Register | AuthMode::Reset
            ) && form.password.is_empty(),
            if mode == AuthMode::Reset {
                "a new password"
            } else {
                "your password"
            },
        ),
        (
            form.totp.as_ref().is_some_and(|t| t.trim().is_empty()),
            "the two-factor code",
        ),
    ]
    .into_iter()
    .find_map(|(missing, what)| missing.then_some(what));
    if let Some(what) = missing {
        form.error = Some(format!("Enter {what} first."));
        return None;
    }
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        form.error = Some("The server URL must start with http:// or https://.".to_owned());
        form.focus = Field::Server;
        return None;
    }
    if mode == AuthMode::Reset && form.password != form.confirm {
        form.invalid = vec![(Field::Confirm, "does not match the new password".to_owned())];
        form.error = Some("The two passwords differ: type the new password again.".to_owned());
        form.confirm.clear();
        form.focus = Field::Confirm;
        return None;
    }
    form.server = server.clone();
    form.busy = true;
    form.error = None;
    form.invalid.clear();
    let email = form.email.trim().to_owned();
    let totp = form.totp.as_ref().map(|t| t.trim().to_owned());
    // Mail clients wrap and indent: the token is the pasted text without its blanks.
    let token: String = form.token.split_whitespace().collect();
    Some(match mode {
        AuthMode::SignIn => Effect::SignIn {
            server,
            email,
            password: form.password.clone(),
            totp,
        },
        AuthMode::Register => Effect::Register {
            server,
            name: form.name.trim().to_owned(),
            email,
            password: form.password.clone(),
        },
        AuthMode::Forgot => Effect::RequestPasswordReset { server, email },
        AuthMode::Verify => Effect::VerifyEmail { server, token },
        AuthMode::Reset => Effect::ConfirmPasswordReset {
            server,
            token,
            new_password: form.password.clone(),
            totp,
        },
    })
}

/// The server took the form. A registration or a reset mail leads to the form that takes the
/// mailed token; a verified address or a new password leads back to signing in.
pub(super) fn auth_accepted(model: &mut Model, message: String) {
    let form = &mut model.sign_in;
    let next = match form.mode {
        AuthMode::Register => AuthMode::Verify,
        AuthMode::Forgot => AuthMode::Reset,
        AuthMode::SignIn | AuthMode::Verify | AuthMode::Reset => AuthMode::SignIn,
    };
    form.busy = false;
    form.error = None;
    form.invalid.clear();
    form.mode = next;
    form.password.clear();
    form.confirm.clear();
    form.token.clear();
    form.totp = None;
    form.focus = match next {
        AuthMode::Verify | AuthMode::Reset => Field::Token,
        _ if form.email.is_empty() => Field::Email,
        _ => Field::Password,
    };
    model.notice = Some(format!("{}: {message}.", form.server));
}

/// The server's rules for the fields it refused, each next to its field (the first one focused).
pub(super) fn sign_in_invalid(form: &mut SignIn, fields: Vec<(String, String)>) {
    form.busy = false;
    let shown = form.fields();
    let (known, unknown): (Vec<_>, Vec<_>) = fields
        .into_iter()
        .map(|(name, rule)| (field_named(&name), name, rule))
        .partition(|(field, _, _)| field.is_some_and(|f| shown.contains(&f)));
    form.invalid = known
        .into_iter()
        .filter_map(|(field, _, rule)| Some((field?, rule)))
        .collect();
    if let Some((field, _)) = form.invalid.first() {
        form.focus = *field;
    }
    // A refused new password is typed again, twice (the dots show no typo to fix).
    if form.mode == AuthMode::Reset && form.invalid(Field::Password).is_some() {
        form.password.clear();
        form.confirm.clear();
    }
    let others: Vec<String> = unknown
        .into_iter()
        .map(|(_, name, rule)| format!("{name} {rule}"))
        .collect();
    form.error = Some(if others.is_empty() {
        "The server refused the marked field: correct it and press Enter.".to_owned()
    } else {
        format!("The server refused: {}.", others.join("; "))
    });
}

/// The form field a server field name (from `details.fields`) stands for.
fn field_named(name: &str) -> Option<Field> {
    Some(match name {
        "email" => Field::Email,
        "name" => Field::Name,
        "password" | "new_password" => Field::Password,
        "token" => Field::Token,
        "totp_code" => Field::Totp,
        _ => return None,
    })
}
