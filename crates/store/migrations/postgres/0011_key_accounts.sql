-- An admin key acts as a newsroom account of its own, made with the key: it holds the key's
-- role, and revisions and events name it as any member. It has no password, so nobody signs in
-- with it, and the members list leaves it out. Kept in step with ../sqlite/0011_key_accounts.sql.
ALTER TABLE api_keys ADD COLUMN user_id BIGINT REFERENCES users (id);
-- Admin keys made before this migration get their accounts now.
INSERT INTO users (username, display_name, password_hash, role, created_at)
    SELECT 'key:' || public_id, name, '', role, created_at FROM api_keys WHERE kind = 'admin';
UPDATE api_keys SET user_id = (SELECT u.id FROM users u WHERE u.username = 'key:' || api_keys.public_id)
    WHERE kind = 'admin';
