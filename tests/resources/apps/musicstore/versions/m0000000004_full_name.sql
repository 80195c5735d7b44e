-- Revision ID: m0000000004
-- Revises: m0000000003
-- Create Date: 2026-11-29 12:04:00.000000
-- Message: customers get a full name, filled from first and last
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE "Customer" ADD COLUMN "FullName" VARCHAR(62);
UPDATE "Customer" SET "FullName" = "FirstName" || ' ' || "LastName";

-- downgrade
ALTER TABLE "Customer" DROP COLUMN "FullName";
