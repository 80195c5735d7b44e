-- Revision ID: m0000000001
-- Revises: 
-- Create Date: 2026-11-29 12:01:00.000000
-- Message: baseline: the catalogue, customers and sales
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE "Artist" (
    "ArtistId" INTEGER PRIMARY KEY,
    "Name" VARCHAR(120)
);
CREATE TABLE "Album" (
    "AlbumId" INTEGER PRIMARY KEY,
    "Title" VARCHAR(160) NOT NULL,
    "ArtistId" INTEGER NOT NULL REFERENCES "Artist" ("ArtistId")
);
CREATE TABLE "Genre" (
    "GenreId" INTEGER PRIMARY KEY,
    "Name" VARCHAR(120)
);
CREATE TABLE "MediaType" (
    "MediaTypeId" INTEGER PRIMARY KEY,
    "Name" VARCHAR(120)
);
CREATE TABLE "Track" (
    "TrackId" INTEGER PRIMARY KEY,
    "Name" VARCHAR(200) NOT NULL,
    "AlbumId" INTEGER REFERENCES "Album" ("AlbumId"),
    "MediaTypeId" INTEGER NOT NULL REFERENCES "MediaType" ("MediaTypeId"),
    "GenreId" INTEGER REFERENCES "Genre" ("GenreId"),
    "Composer" VARCHAR(220),
    "Milliseconds" INTEGER NOT NULL,
    "Bytes" INTEGER,
    "UnitPrice" NUMERIC(10, 2) NOT NULL
);
CREATE TABLE "Employee" (
    "EmployeeId" INTEGER PRIMARY KEY,
    "LastName" VARCHAR(20) NOT NULL,
    "FirstName" VARCHAR(20) NOT NULL,
    "Title" VARCHAR(30),
    "ReportsTo" INTEGER REFERENCES "Employee" ("EmployeeId"),
    "BirthDate" TIMESTAMP,
    "HireDate" TIMESTAMP,
    "Email" VARCHAR(60)
);
CREATE TABLE "Customer" (
    "CustomerId" INTEGER PRIMARY KEY,
    "FirstName" VARCHAR(40) NOT NULL,
    "LastName" VARCHAR(20) NOT NULL,
    "Company" VARCHAR(80),
    "Country" VARCHAR(40),
    "Email" VARCHAR(60) NOT NULL,
    "SupportRepId" INTEGER REFERENCES "Employee" ("EmployeeId")
);
CREATE TABLE "Invoice" (
    "InvoiceId" INTEGER PRIMARY KEY,
    "CustomerId" INTEGER NOT NULL REFERENCES "Customer" ("CustomerId"),
    "InvoiceDate" TIMESTAMP NOT NULL,
    "BillingCountry" VARCHAR(40),
    "Total" NUMERIC(10, 2) NOT NULL
);
CREATE TABLE "InvoiceLine" (
    "InvoiceLineId" INTEGER PRIMARY KEY,
    "InvoiceId" INTEGER NOT NULL REFERENCES "Invoice" ("InvoiceId"),
    "TrackId" INTEGER NOT NULL REFERENCES "Track" ("TrackId"),
    "UnitPrice" NUMERIC(10, 2) NOT NULL,
    "Quantity" INTEGER NOT NULL
);
CREATE TABLE "Playlist" (
    "PlaylistId" INTEGER PRIMARY KEY,
    "Name" VARCHAR(120)
);
CREATE TABLE "PlaylistTrack" (
    "PlaylistId" INTEGER NOT NULL REFERENCES "Playlist" ("PlaylistId"),
    "TrackId" INTEGER NOT NULL REFERENCES "Track" ("TrackId"),
    PRIMARY KEY ("PlaylistId", "TrackId")
);

-- downgrade
DROP TABLE "PlaylistTrack";
DROP TABLE "Playlist";
DROP TABLE "InvoiceLine";
DROP TABLE "Invoice";
DROP TABLE "Customer";
DROP TABLE "Employee";
DROP TABLE "Track";
DROP TABLE "MediaType";
DROP TABLE "Genre";
DROP TABLE "Album";
DROP TABLE "Artist";
