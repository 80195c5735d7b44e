-- Revision ID: a
-- Revises: None
--upgrade
SELECT 1;
