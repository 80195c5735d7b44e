-- Revision ID: t0000000008
-- Revises: t0000000007
-- Create Date: 2026-11-29 12:08:00.000000
-- Message: runs that ended while RUNNING were killed
-- Branch Labels: 
-- Depends On: 

-- upgrade
UPDATE runs SET status = CASE WHEN status = 'RUNNING' THEN 'KILLED' ELSE status END
WHERE end_time IS NOT NULL;

-- downgrade
UPDATE runs SET status = 'RUNNING' WHERE status = 'KILLED';
