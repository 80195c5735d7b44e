-- Revision ID: t0000000010
-- Revises: t0000000009
-- Create Date: 2026-11-29 12:10:00.000000
-- Message: entry points are tags now
-- Branch Labels: 
-- Depends On: 

-- upgrade
INSERT INTO tags ("key", value, run_uuid)
    SELECT 'mlflow.project.entryPoint', entry_point_name, run_uuid FROM runs WHERE entry_point_name IS NOT NULL;
ALTER TABLE runs DROP COLUMN entry_point_name;

-- downgrade
ALTER TABLE runs ADD COLUMN entry_point_name VARCHAR(50);
UPDATE runs SET entry_point_name = (
    SELECT t.value FROM tags t WHERE t.run_uuid = runs.run_uuid AND t."key" = 'mlflow.project.entryPoint');
DELETE FROM tags WHERE "key" = 'mlflow.project.entryPoint';
