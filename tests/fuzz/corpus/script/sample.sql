-- Revision ID: 100559f72c66
-- Revises: 1a2b3c, 4d5e6f
-- Create Date: 2026-11-25 14:28:59.084794
-- Message: baseline
-- Branch Labels: main, feature.x
-- Depends On: abc-1

-- upgrade
CREATE TABLE "A" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);

-- downgrade
DROP TABLE "A";
