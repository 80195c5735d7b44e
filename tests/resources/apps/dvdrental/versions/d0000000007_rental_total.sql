-- Revision ID: d0000000007
-- Revises: d0000000006
-- Create Date: 2026-11-29 12:07:00.000000
-- Message: the price of a full rental, computed by the database
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE film ADD COLUMN rental_total NUMERIC(6, 2) GENERATED ALWAYS AS (rental_rate * rental_duration) STORED;

-- downgrade
ALTER TABLE film DROP COLUMN rental_total;
