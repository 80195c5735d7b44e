-- Revision ID: d0000000006
-- Revises: d0000000005
-- Create Date: 2026-11-29 12:06:00.000000
-- Message: films may have been dubbed: original language
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE film ADD COLUMN original_language_id INTEGER REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT;
UPDATE film SET original_language_id = 3 WHERE film_id = 3;

-- downgrade
ALTER TABLE film DROP COLUMN original_language_id;
