-- Revision ID: t0000000006
-- Revises: t0000000005
-- Create Date: 2026-11-29 12:06:00.000000
-- Message: the latest value of every metric, filled from the history
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE latest_metrics (
    "key" VARCHAR(250) NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    "timestamp" BIGINT,
    step BIGINT NOT NULL,
    is_nan BOOLEAN NOT NULL,
    run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid),
    CONSTRAINT latest_metric_pk PRIMARY KEY ("key", run_uuid)
);
INSERT INTO latest_metrics ("key", value, "timestamp", step, is_nan, run_uuid)
SELECT m."key", m.value, m."timestamp", m.step, m.is_nan, m.run_uuid
FROM metrics m
WHERE NOT EXISTS (
    SELECT 1 FROM metrics n
    WHERE n."key" = m."key" AND n.run_uuid = m.run_uuid
      AND (n.step > m.step OR (n.step = m.step AND n."timestamp" > m."timestamp"))
);

-- downgrade
DROP TABLE latest_metrics;
