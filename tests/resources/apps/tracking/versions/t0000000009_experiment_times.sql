-- Revision ID: t0000000009
-- Revises: t0000000008
-- Create Date: 2026-11-29 12:09:00.000000
-- Message: experiments record creation and update times
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE experiments ADD COLUMN creation_time BIGINT, ADD COLUMN last_update_time BIGINT;
UPDATE experiments SET creation_time = 0, last_update_time = 0 WHERE experiment_id = 0;
UPDATE experiments SET creation_time = 1699999999000, last_update_time = 1700000900000 WHERE experiment_id <> 0;
CREATE TABLE experiment_tags (
    "key" VARCHAR(250) NOT NULL,
    value VARCHAR(5000),
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    CONSTRAINT experiment_tag_pk PRIMARY KEY ("key", experiment_id)
);

-- downgrade
DROP TABLE experiment_tags;
ALTER TABLE experiments DROP COLUMN last_update_time, DROP COLUMN creation_time;
