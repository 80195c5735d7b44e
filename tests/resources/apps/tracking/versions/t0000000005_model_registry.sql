-- Revision ID: t0000000005
-- Revises: t0000000004
-- Create Date: 2026-11-29 12:05:00.000000
-- Message: registered models and their versions
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE registered_models (
    name VARCHAR(256) NOT NULL,
    creation_time BIGINT,
    last_updated_time BIGINT,
    description VARCHAR(5000),
    CONSTRAINT registered_model_pk PRIMARY KEY (name),
    UNIQUE (name)
);
CREATE TABLE model_versions (
    name VARCHAR(256) NOT NULL,
    version INTEGER NOT NULL,
    creation_time BIGINT,
    last_updated_time BIGINT,
    description VARCHAR(5000),
    user_id VARCHAR(256),
    current_stage VARCHAR(20),
    source VARCHAR(500),
    run_id VARCHAR(32) NOT NULL,
    status VARCHAR(20),
    status_message VARCHAR(500),
    CONSTRAINT model_version_pk PRIMARY KEY (name, version),
    FOREIGN KEY (name) REFERENCES registered_models (name) ON UPDATE CASCADE
);
INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES ('churn', 1700000400000, 1700000400000);
INSERT INTO model_versions (name, version, creation_time, current_stage, source, run_id, status)
    VALUES ('churn', 1, 1700000400000, 'None', 's3://bucket/1/a1/model', 'a1b2c3d4e5f60718293a4b5c6d7e8f90', 'READY');

-- downgrade
DROP TABLE model_versions;
DROP TABLE registered_models;
