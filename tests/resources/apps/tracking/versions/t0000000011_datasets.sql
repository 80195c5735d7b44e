-- Revision ID: t0000000011
-- Revises: t0000000010
-- Create Date: 2026-11-29 12:11:00.000000
-- Message: datasets logged with runs
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE datasets (
    dataset_uuid UUID NOT NULL,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id) ON DELETE CASCADE,
    name VARCHAR(500) NOT NULL,
    digest VARCHAR(36) NOT NULL,
    dataset_source_type VARCHAR(36) NOT NULL,
    dataset_source TEXT NOT NULL,
    dataset_schema TEXT,
    dataset_profile JSON,
    CONSTRAINT dataset_pk PRIMARY KEY (experiment_id, name, digest)
);
CREATE INDEX index_datasets_dataset_uuid ON datasets (dataset_uuid);
INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_profile)
    VALUES ('5f0c6a9e-1d2b-4c3d-8e4f-a1b2c3d4e5f6', 1, 'churn.csv', 'd41d8cd9', 'local', 'file:///data/churn.csv', '{"num_rows": 7043}');

-- downgrade
DROP INDEX index_datasets_dataset_uuid;
DROP TABLE datasets;
