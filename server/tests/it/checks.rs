//! The remembered session and ownership checks (`auth::checks`): the epoch rule that makes a
//! revocation in this process apply to the next request, and the expiry that bounds another
//! process's. The HTTP side is in `security.rs` and `recommend.rs`.

use std::time::Duration;

use marquee_db::queries::sessions::SessionPrincipal;
use marquee_server::auth::checks::Checks;

fn principal() -> SessionPrincipal {
    SessionPrincipal {
        session_id: 1,
        user_id: 2,
        revoked_at: None,
        expires_at: marquee_db::now(),
        role: "user".to_owned(),
        disabled_at: None,
    }
}

#[test]
fn a_check_read_before_a_revocation_is_never_used_after_it() {
    let checks = Checks::new(Duration::from_secs(60));
    let before = checks.epoch();
    // The revocation commits while the read is in flight…
    checks.forget_all();
    // …and the read lands afterwards with the epoch it started under.
    checks.remember_session("jti", before, &principal());
    checks.remember_owner(2, 3, before);
    assert!(checks.session("jti").is_none());
    assert!(!checks.owns(2, 3));

    let now = checks.epoch();
    checks.remember_session("jti", now, &principal());
    checks.remember_owner(2, 3, now);
    assert_eq!(checks.session("jti").map(|p| p.session_id), Some(1));
    assert!(checks.owns(2, 3));
    assert!(!checks.owns(2, 4), "another profile is not vouched for");
    checks.forget_all();
    assert!(checks.session("jti").is_none());
    assert!(!checks.owns(2, 3));
}

#[test]
fn a_zero_ttl_remembers_nothing() {
    let checks = Checks::new(Duration::ZERO);
    checks.remember_session("jti", checks.epoch(), &principal());
    checks.remember_owner(2, 3, checks.epoch());
    assert!(checks.session("jti").is_none());
    assert!(!checks.owns(2, 3));
}

#[test]
fn entries_expire_after_the_ttl() {
    let checks = Checks::new(Duration::from_millis(50));
    checks.remember_session("jti", checks.epoch(), &principal());
    assert!(checks.session("jti").is_some());
    std::thread::sleep(Duration::from_millis(120));
    assert!(checks.session("jti").is_none());
}
