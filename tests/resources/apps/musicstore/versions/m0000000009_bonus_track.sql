-- Revision ID: m0000000009
-- Revises: m0000000008
-- Create Date: 2026-11-29 12:09:00.000000
-- Message: a bonus track (the audit trigger must still fire) and two pro customers
-- Branch Labels: 
-- Depends On: 

-- upgrade
INSERT INTO "Track" ("TrackId", "Name", "AlbumId", "MediaTypeId", "GenreId", "Milliseconds", "UnitPrice")
    VALUES (101, 'Bonus: Live', 5, 1, 2, 420000, 1.29);
UPDATE "Customer" SET "Tier" = 'pro', "CountryCode" = 'BR' WHERE "CustomerId" = 1;
UPDATE "Customer" SET "Tier" = 'plus' WHERE "Country" = 'Germany' OR "Country" = 'Norway';

-- downgrade
UPDATE "Customer" SET "Tier" = 'free', "CountryCode" = NULL;
DELETE FROM "TrackAudit" WHERE "TrackId" = 101;
DELETE FROM "Track" WHERE "TrackId" = 101;
