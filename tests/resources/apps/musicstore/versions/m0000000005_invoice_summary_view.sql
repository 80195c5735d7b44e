-- Revision ID: m0000000005
-- Revises: m0000000004
-- Create Date: 2026-11-29 12:05:00.000000
-- Message: a view of sales per customer
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE VIEW "CustomerSales" AS
    SELECT c."CustomerId", c."FullName", COUNT(i."InvoiceId") AS "Invoices", SUM(i."Total") AS "Spent"
    FROM "Customer" c JOIN "Invoice" i ON i."CustomerId" = c."CustomerId"
    GROUP BY c."CustomerId", c."FullName";

-- downgrade
DROP VIEW "CustomerSales";
