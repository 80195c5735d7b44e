-- Revision ID: m0000000010
-- Revises: m0000000009
-- Create Date: 2026-11-29 12:10:00.000000
-- Message: newest invoices first
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE INDEX IF NOT EXISTS "IX_InvoiceDate" ON "Invoice" ("InvoiceDate" DESC, "InvoiceId");

-- downgrade
DROP INDEX IF EXISTS "IX_InvoiceDate";
