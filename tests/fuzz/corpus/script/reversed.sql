-- Revision ID: a
-- downgrade
DROP TABLE t;
-- upgrade
