-- Revision ID: m0000000003
-- Revises: m0000000002
-- Create Date: 2026-11-29 12:03:00.000000
-- Message: index the foreign keys that queries join on
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE INDEX "IFK_AlbumArtistId" ON "Album" ("ArtistId");
CREATE INDEX "IFK_TrackAlbumId" ON "Track" ("AlbumId");
CREATE INDEX IF NOT EXISTS "IFK_InvoiceCustomerId" ON "Invoice" ("CustomerId");
CREATE INDEX IF NOT EXISTS "IFK_InvoiceCustomerId" ON "Invoice" ("CustomerId");

-- downgrade
DROP INDEX "IFK_InvoiceCustomerId";
DROP INDEX IF EXISTS "IFK_TrackAlbumId";
DROP INDEX "IFK_AlbumArtistId";
DROP INDEX IF EXISTS "IFK_NeverCreated" ON "Track";
