-- Revision ID: t0000000003
-- Revises: t0000000002
-- Create Date: 2026-11-29 12:03:00.000000
-- Message: metrics get a step, part of their key
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE metrics ADD COLUMN step BIGINT NOT NULL DEFAULT '0';
ALTER TABLE metrics DROP CONSTRAINT metric_pk;
ALTER TABLE metrics ADD CONSTRAINT metric_pk PRIMARY KEY ("key", "timestamp", step, run_uuid);
UPDATE metrics SET step = 1 WHERE "timestamp" = 1700000002000;
UPDATE metrics SET step = 2 WHERE "timestamp" = 1700000003000;

-- downgrade
ALTER TABLE metrics DROP CONSTRAINT metric_pk;
ALTER TABLE metrics ADD CONSTRAINT metric_pk PRIMARY KEY ("key", "timestamp", run_uuid);
ALTER TABLE metrics DROP COLUMN step;
