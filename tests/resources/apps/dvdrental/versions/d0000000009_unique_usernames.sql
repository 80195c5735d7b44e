-- Revision ID: d0000000009
-- Revises: d0000000008
-- Create Date: 2026-11-29 12:09:00.000000
-- Message: staff usernames are unique; inactive staff removed
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE staff DROP CONSTRAINT IF EXISTS uq_staff_username;
ALTER TABLE staff ADD CONSTRAINT uq_staff_username UNIQUE (username);
DELETE FROM staff WHERE active = FALSE;

-- downgrade
INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, active, username, password)
    VALUES (3, 'Temp', 'Worker', 4, NULL, 2, FALSE, 'temp', NULL);
ALTER TABLE staff DROP CONSTRAINT IF EXISTS uq_staff_username;
