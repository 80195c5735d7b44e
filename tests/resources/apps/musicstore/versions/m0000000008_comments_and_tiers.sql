-- Revision ID: m0000000008
-- Revises: m0000000007
-- Create Date: 2026-11-29 12:08:00.000000
-- Message: document the catalogue; customers get a country code and a tier
-- Branch Labels: 
-- Depends On: 

-- upgrade
COMMENT ON TABLE "Artist" IS 'Performers and bands';
COMMENT ON COLUMN "Track"."Milliseconds" IS 'Length in milliseconds';
ALTER TABLE "Customer" ADD COLUMN "CountryCode" CHAR(2),
                       ADD COLUMN "Tier" ENUM('free', 'plus', 'pro') NOT NULL DEFAULT 'free';

-- downgrade
ALTER TABLE "Customer" DROP COLUMN "Tier", DROP COLUMN "CountryCode";
COMMENT ON COLUMN "Track"."Milliseconds" IS NULL;
COMMENT ON TABLE "Artist" IS NULL;
