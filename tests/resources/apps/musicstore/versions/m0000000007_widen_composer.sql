-- Revision ID: m0000000007
-- Revises: m0000000006
-- Create Date: 2026-11-29 12:07:00.000000
-- Message: wider composer names; totals never negative
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE "Track" ALTER COLUMN "Composer" TYPE VARCHAR(255);
ALTER TABLE "Invoice" ADD CONSTRAINT ck_invoice_total CHECK ("Total" >= 0);

-- downgrade
ALTER TABLE "Invoice" DROP CONSTRAINT ck_invoice_total;
ALTER TABLE "Track" ALTER COLUMN "Composer" TYPE VARCHAR(220);
