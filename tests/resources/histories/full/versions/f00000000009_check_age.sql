-- Revision ID: f00000000009
-- Revises: f00000000008
-- Create Date: 2026-11-25 12:00:09.000000
-- Message: check age
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0);

-- downgrade
ALTER TABLE users DROP CONSTRAINT ck_users_age;
