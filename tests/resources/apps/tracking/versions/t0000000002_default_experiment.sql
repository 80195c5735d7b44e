-- Revision ID: t0000000002
-- Revises: t0000000001
-- Create Date: 2026-11-29 12:02:00.000000
-- Message: the Default experiment is number 0, then sample runs
-- Branch Labels: 
-- Depends On: 

-- upgrade
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage)
    VALUES (0, 'Default', './mlruns/0', 'active');
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage)
    VALUES (1, 'churn-model', 's3://bucket/1', 'active');
INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, experiment_id) VALUES
    ('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'baseline', 'LOCAL', 'train.py', 'main', 'ann', 'FINISHED', 1700000000000, 1700000360000, 'active', 's3://bucket/1/a1', 1),
    ('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'tuned', 'PROJECT', 'git@x:y.git', 'main', 'bob', 'RUNNING', 1700000500000, 1700000900000, 'active', 's3://bucket/1/0f', 1),
    ('ffffffffffffffffffffffffffffffff', 'scratch', 'NOTEBOOK', NULL, NULL, 'ann', 'RUNNING', 1700001000000, NULL, 'active', './mlruns/0/ff', 0);
INSERT INTO metrics ("key", value, "timestamp", run_uuid) VALUES
    ('loss', 0.9, 1700000001000, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('loss', 0.5, 1700000002000, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('loss', 0.25, 1700000003000, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('accuracy', 0.8, 1700000003000, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('loss', 0.4, 1700000501000, '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
INSERT INTO params ("key", value, run_uuid) VALUES
    ('lr', '0.01', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('lr', '0.001', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
    ('epochs', '10', '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
INSERT INTO tags ("key", value, run_uuid) VALUES
    ('mlflow.user', 'ann', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    ('mlflow.note.content', 'it''s "the" baseline; keep', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');

-- downgrade
DELETE FROM tags;
DELETE FROM params;
DELETE FROM metrics;
DELETE FROM runs;
DELETE FROM experiments;
