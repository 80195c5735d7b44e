-- Revision ID: t0000000007
-- Revises: t0000000006
-- Create Date: 2026-11-29 12:07:00.000000
-- Message: index the run of each metric and param
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid);
CREATE INDEX index_params_run_uuid ON params (run_uuid);
CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid);

-- downgrade
DROP INDEX index_metrics_run_uuid;
DROP INDEX index_params_run_uuid;
DROP INDEX index_latest_metrics_run_uuid;
