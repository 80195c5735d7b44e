-- Revision ID: t0000000001
-- Revises: 
-- Create Date: 2026-11-29 12:01:00.000000
-- Message: initial schema
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE experiments (
    experiment_id INTEGER PRIMARY KEY,
    name VARCHAR(256) NOT NULL UNIQUE,
    artifact_location VARCHAR(256),
    lifecycle_stage VARCHAR(32),
    CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted'))
);
CREATE TABLE runs (
    run_uuid VARCHAR(32) NOT NULL,
    name VARCHAR(250),
    source_type VARCHAR(20),
    source_name VARCHAR(500),
    entry_point_name VARCHAR(50),
    user_id VARCHAR(256),
    status VARCHAR(20),
    start_time BIGINT,
    end_time BIGINT,
    source_version VARCHAR(50),
    lifecycle_stage VARCHAR(20),
    artifact_uri VARCHAR(200),
    experiment_id INTEGER REFERENCES experiments (experiment_id),
    CONSTRAINT run_pk PRIMARY KEY (run_uuid),
    CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')),
    CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')),
    CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted'))
);
CREATE TABLE tags (
    "key" VARCHAR(250) NOT NULL,
    value VARCHAR(250),
    run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid),
    CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid)
);
CREATE TABLE metrics (
    "key" VARCHAR(250) NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    "timestamp" BIGINT NOT NULL,
    run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid),
    CONSTRAINT metric_pk PRIMARY KEY ("key", "timestamp", run_uuid)
);
CREATE TABLE params (
    "key" VARCHAR(250) NOT NULL,
    value VARCHAR(250) NOT NULL,
    run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid),
    CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid)
);

-- downgrade
DROP TABLE params;
DROP TABLE metrics;
DROP TABLE tags;
DROP TABLE runs;
DROP TABLE experiments;
