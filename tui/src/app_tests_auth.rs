//! `update` transitions of the register, forgot-password, verify-email and reset-password forms
//! on the sign-in screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        assert_eq!(update(model, press(KeyCode::Char(c))), None);
    }
}

fn sign_in_screen() -> Model {
    let mut model = Model::new("http://m", None, true);
    update(
        &mut model,
        Msg::Started {
            notice: None,
            session: None,
        },
    );
    model
}

#[test]
fn ctrl_n_registers_an_account_then_asks_for_the_mailed_token_with_the_servers_message() {
    let mut model = sign_in_screen();
    update(&mut model, ctrl('n'));
    assert_eq!(model.sign_in.mode, AuthMode::Register);
    assert_eq!(model.sign_in.focus, Field::Name);
    assert_eq!(
        model.sign_in.fields(),
        vec![Field::Server, Field::Name, Field::Email, Field::Password]
    );
    type_text(&mut model, "Ada");
    update(&mut model, press(KeyCode::Enter));
    type_text(&mut model, "ada@example.com");
    update(&mut model, press(KeyCode::Enter));
    // Enter on the last field with the password empty says what is missing.
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("Enter your password first.")
    );
    // `q` and `?` are letters here.
    type_text(&mut model, "q?correct horse");
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::Register {
            server: "http://m".into(),
            name: "Ada".into(),
            email: "ada@example.com".into(),
            password: "q?correct horse".into(),
        })
    );
    assert!(model.sign_in.busy);
    update(
        &mut model,
        Msg::AuthAccepted(
            "registration received: check your mailbox to verify the address, then log in".into(),
        ),
    );
    let form = &model.sign_in;
    assert_eq!(form.mode, AuthMode::Verify);
    assert!(!form.busy && form.password.is_empty());
    assert_eq!(form.email, "ada@example.com");
    assert_eq!(form.focus, Field::Token);
    assert_eq!(
        model.notice.as_deref(),
        Some(
            "http://m: registration received: check your mailbox to verify the address, then log in."
        )
    );
    assert_eq!(model.route, Route::SignIn);
}

#[test]
fn a_refused_registration_stays_on_the_form_with_the_reason() {
    let mut model = sign_in_screen();
    update(&mut model, ctrl('n'));
    type_text(&mut model, "Ada");
    update(&mut model, press(KeyCode::Tab));
    type_text(&mut model, "ada@example.com");
    update(&mut model, press(KeyCode::Tab));
    type_text(&mut model, "short");
    assert!(matches!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::Register { .. })
    ));
    update(
        &mut model,
        Msg::SignInFailed(Failure::Server {
            status: 400,
            code: "validation_failed".into(),
            message: "password: must be at least 10 characters".into(),
        }),
    );
    assert_eq!(model.sign_in.mode, AuthMode::Register);
    assert!(!model.sign_in.busy);
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("password: must be at least 10 characters")
    );
    // Esc goes back to sign-in (not quit), keeping the email; a second Esc quits.
    update(&mut model, press(KeyCode::Esc));
    assert_eq!(model.sign_in.mode, AuthMode::SignIn);
    assert_eq!(model.sign_in.focus, Field::Password);
    assert_eq!(model.sign_in.error, None);
    assert!(!model.quit);
    update(&mut model, press(KeyCode::Esc));
    assert!(model.quit);
}

#[test]
fn ctrl_f_asks_for_a_reset_mail_with_just_the_email() {
    let mut model = sign_in_screen();
    update(&mut model, ctrl('f'));
    assert_eq!(model.sign_in.mode, AuthMode::Forgot);
    assert_eq!(model.sign_in.fields(), vec![Field::Server, Field::Email]);
    assert_eq!(model.sign_in.focus, Field::Email);
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("Enter your email first.")
    );
    type_text(&mut model, " ada@example.com ");
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::RequestPasswordReset {
            server: "http://m".into(),
            email: "ada@example.com".into(),
        })
    );
    // Offline: the form says so and stays.
    update(
        &mut model,
        Msg::SignInFailed(Failure::Offline("connection refused".into())),
    );
    assert_eq!(model.sign_in.mode, AuthMode::Forgot);
    assert!(
        model
            .sign_in
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("Can't reach http://m"))
    );
    update(&mut model, press(KeyCode::Enter));
    update(
        &mut model,
        Msg::AuthAccepted("if an account uses this address, a reset mail is on its way".into()),
    );
    // Next: the form that takes the mailed token.
    assert_eq!(model.sign_in.mode, AuthMode::Reset);
    assert_eq!(model.sign_in.focus, Field::Token);
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.ends_with("a reset mail is on its way."))
    );
}

#[test]
fn ctrl_e_verifies_the_email_with_the_pasted_token_and_shows_a_refused_one_next_to_it() {
    let mut model = sign_in_screen();
    update(&mut model, ctrl('e'));
    assert_eq!(model.sign_in.mode, AuthMode::Verify);
    assert_eq!(model.sign_in.fields(), vec![Field::Server, Field::Token]);
    assert_eq!(model.sign_in.focus, Field::Token);
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("Enter the token from the mail first.")
    );
    // Pasted from a mail, with the blanks a mail client adds.
    type_text(&mut model, " abc def ");
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::VerifyEmail {
            server: "http://m".into(),
            token: "abcdef".into(),
        })
    );
    assert!(model.sign_in.busy);
    update(
        &mut model,
        Msg::SignInFailed(Failure::Server {
            status: 400,
            code: "invalid_or_expired_token".into(),
            message: "this token is unknown, already used or expired; ask for a new mail".into(),
        }),
    );
    let form = &model.sign_in;
    assert_eq!(form.mode, AuthMode::Verify);
    assert!(!form.busy);
    assert_eq!(form.focus, Field::Token);
    assert_eq!(
        form.invalid(Field::Token),
        Some("this token is unknown, already used or expired; ask for a new mail")
    );
    // Editing the token clears what was said about it.
    update(&mut model, press(KeyCode::Backspace));
    assert_eq!(model.sign_in.invalid(Field::Token), None);
    type_text(&mut model, "f");
    assert!(matches!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::VerifyEmail { .. })
    ));
    update(
        &mut model,
        Msg::AuthAccepted("email address verified".into()),
    );
    assert_eq!(model.sign_in.mode, AuthMode::SignIn);
    assert!(model.sign_in.token.is_empty());
    assert_eq!(
        model.notice.as_deref(),
        Some("http://m: email address verified.")
    );
}

#[test]
fn ctrl_r_sets_a_new_password_typed_twice_with_the_servers_rule_next_to_the_field() {
    let mut model = sign_in_screen();
    update(&mut model, ctrl('r'));
    assert_eq!(model.sign_in.mode, AuthMode::Reset);
    assert_eq!(
        model.sign_in.fields(),
        vec![Field::Server, Field::Token, Field::Password, Field::Confirm]
    );
    type_text(&mut model, "tok");
    update(&mut model, press(KeyCode::Enter));
    assert_eq!(model.sign_in.focus, Field::Password);
    type_text(&mut model, "short");
    update(&mut model, press(KeyCode::Enter));
    type_text(&mut model, "shirt");
    // The two differ: said next to the second one, nothing sent.
    assert_eq!(update(&mut model, press(KeyCode::Enter)), None);
    let form = &model.sign_in;
    assert_eq!(form.focus, Field::Confirm);
    assert!(form.confirm.is_empty());
    assert_eq!(
        form.invalid(Field::Confirm),
        Some("does not match the new password")
    );
    type_text(&mut model, "short");
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::ConfirmPasswordReset {
            server: "http://m".into(),
            token: "tok".into(),
            new_password: "short".into(),
            totp: None,
        })
    );
    update(
        &mut model,
        Msg::SignInInvalid(vec![(
            "new_password".into(),
            "must be at least 10 characters long".into(),
        )]),
    );
    let form = &model.sign_in;
    assert!(!form.busy);
    assert_eq!(form.mode, AuthMode::Reset);
    assert_eq!(form.focus, Field::Password);
    assert_eq!(
        form.invalid(Field::Password),
        Some("must be at least 10 characters long")
    );
    assert!(form.error.as_deref().is_some_and(|e| e.contains("marked")));
    // Typed again, twice.
    assert!(form.password.is_empty() && form.confirm.is_empty());
    type_text(&mut model, "short but long");
    update(&mut model, press(KeyCode::Enter));
    type_text(&mut model, "short but long");
    // A field the form does not show is named in the message instead.
    update(
        &mut model,
        Msg::SignInInvalid(vec![("recovery_code".into(), "is not a code".into())]),
    );
    assert_eq!(
        model.sign_in.error.as_deref(),
        Some("The server refused: recovery_code is not a code.")
    );
    assert!(model.sign_in.invalid.is_empty());
    // 2FA accounts: the server asks for a code, the form grows the field.
    update(&mut model, press(KeyCode::Enter));
    update(
        &mut model,
        Msg::SignInFailed(Failure::Server {
            status: 401,
            code: "totp_required".into(),
            message: "this account uses two-factor authentication".into(),
        }),
    );
    assert_eq!(model.sign_in.focus, Field::Totp);
    assert_eq!(model.sign_in.fields().last(), Some(&Field::Totp));
    type_text(&mut model, "123456");
    assert_eq!(
        update(&mut model, press(KeyCode::Enter)),
        Some(Effect::ConfirmPasswordReset {
            server: "http://m".into(),
            token: "tok".into(),
            new_password: "short but long".into(),
            totp: Some("123456".into()),
        })
    );
    update(
        &mut model,
        Msg::AuthAccepted("password changed; every session was ended, log in again".into()),
    );
    let form = &model.sign_in;
    assert_eq!(form.mode, AuthMode::SignIn);
    assert!(form.password.is_empty() && form.confirm.is_empty() && form.totp.is_none());
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.ends_with("log in again."))
    );
}
