-- Revision ID: d0000000008
-- Revises: d0000000007
-- Create Date: 2026-11-29 12:08:00.000000
-- Message: recent rentals first; when a rental row was created
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE INDEX idx_rental_date ON rental (rental_date DESC);
CREATE INDEX IF NOT EXISTS idx_fk_inventory_id ON rental (inventory_id);
ALTER TABLE rental ADD COLUMN created_at TIMESTAMP DEFAULT now();

-- downgrade
ALTER TABLE rental DROP COLUMN created_at;
DROP INDEX idx_fk_inventory_id;
DROP INDEX IF EXISTS idx_rental_date;
