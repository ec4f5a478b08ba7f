//! `update` transitions of the register and forgot-password forms on the sign-in screen.

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
fn ctrl_n_registers_an_account_then_back_to_sign_in_with_the_servers_message() {
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
    assert_eq!(form.mode, AuthMode::SignIn);
    assert!(!form.busy && form.password.is_empty());
    assert_eq!(form.email, "ada@example.com");
    assert_eq!(form.focus, Field::Password);
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
    assert_eq!(model.sign_in.mode, AuthMode::SignIn);
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.ends_with("a reset mail is on its way."))
    );
}
