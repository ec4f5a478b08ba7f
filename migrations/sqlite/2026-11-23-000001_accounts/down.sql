DROP TABLE profiles;
DROP TABLE revoked_access_tokens;
DROP TABLE recovery_codes;
DROP TABLE totp_secrets;
DROP TABLE one_time_tokens;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE users;
