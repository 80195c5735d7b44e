-- Revision ID: m0000000002
-- Revises: m0000000001
-- Create Date: 2026-11-29 12:02:00.000000
-- Message: seed the catalogue
-- Branch Labels: 
-- Depends On: 

-- upgrade
-- 62 rows. Explicit keys everywhere, 0 among them: a key written as 0 is 0
-- on every backend, never the next auto-increment value.
INSERT INTO "Genre" ("GenreId", "Name") VALUES (1, 'Rock'), (2, 'Jazz'), (3, 'Metal'), (4, 'Blues'), (5, 'Latin');
INSERT INTO "MediaType" ("MediaTypeId", "Name") VALUES (0, 'Unknown'), (1, 'MPEG audio file'), (2, 'AAC audio file');
INSERT INTO "Artist" ("ArtistId", "Name") VALUES (1, 'AC/DC'), (2, 'Accept'), (3, 'Aerosmith'), (4, 'Miles Davis'), (5, 'O''Brien & Sons');
INSERT INTO "Album" ("AlbumId", "Title", "ArtistId") VALUES
    (1, 'For Those About To Rock We Salute You', 1),
    (2, 'Balls to the Wall', 2),
    (3, 'Restless and Wild', 2),
    (4, 'Big Ones', 3),
    (5, 'Kind of Blue', 4),
    (6, 'Café; Noir', 5);
INSERT INTO "Track" ("TrackId", "Name", "AlbumId", "MediaTypeId", "GenreId", "Composer", "Milliseconds", "Bytes", "UnitPrice") VALUES
    (1, 'For Those About To Rock (We Salute You)', 1, 1, 1, 'Angus Young, Malcolm Young, Brian Johnson', 343719, 11170334, 0.99),
    (2, 'Balls to the Wall', 2, 2, 1, NULL, 342562, 5510424, 0.99),
    (3, 'Fast As a Shark', 3, 2, 1, 'F. Baltes, S. Kaufman, U. Dirkscneider & W. Hoffman', 230619, 3990994, 0.99),
    (4, 'Restless and Wild', 3, 2, 1, 'F. Baltes, R.A. Smith-Diesel', 252051, 4331779, 0.99),
    (5, 'Walk On Water', 4, 1, 1, 'Steven Tyler, Joe Perry', 295680, 9719579, 0.99),
    (6, 'Love In An Elevator', 4, 1, 1, 'Steven Tyler, Joe Perry', 321828, 10552051, 0.99),
    (7, 'So What', 5, 1, 2, 'Miles Davis', 564009, 18475315, 1.29),
    (8, 'Freddie Freeloader', 5, 1, 2, 'Miles Davis', 574524, 18811210, 1.29),
    (9, 'Blue in Green', 5, 1, 2, 'Bill Evans, Miles Davis', 337632, 11046230, 1.29),
    (10, 'Untitled "demo"', NULL, 0, NULL, NULL, 1000, NULL, 0.00),
    (11, 'Rue du Café', 6, 2, 5, 'O''Brien', 200000, 4000000, 0.99),
    (12, 'Señorita', 6, 2, 5, NULL, 180000, 3600000, 0.99);
INSERT INTO "Employee" ("EmployeeId", "LastName", "FirstName", "Title", "ReportsTo", "BirthDate", "HireDate", "Email") VALUES
    (1, 'Adams', 'Andrew', 'General Manager', NULL, '1962-02-18 00:00:00', '2002-08-14 00:00:00', 'andrew@chinookcorp.com'),
    (2, 'Edwards', 'Nancy', 'Sales Manager', 1, '1958-12-08 00:00:00', '2002-05-01 00:00:00', 'nancy@chinookcorp.com'),
    (3, 'Peacock', 'Jane', 'Sales Support Agent', 2, '1973-08-29 00:00:00', '2002-04-01 00:00:00', 'jane@chinookcorp.com'),
    (4, 'Park', 'Margaret', 'Sales Support Agent', 2, '1947-09-19 00:00:00', '2003-05-03 00:00:00', 'margaret@chinookcorp.com');
INSERT INTO "Customer" ("CustomerId", "FirstName", "LastName", "Company", "Country", "Email", "SupportRepId") VALUES
    (1, 'Luís', 'Gonçalves', 'Embraer', 'Brazil', 'luisg@embraer.com.br', 3),
    (2, 'Leonie', 'Köhler', NULL, 'Germany', 'leonekohler@surfeu.de', 4),
    (3, 'François', 'Tremblay', NULL, 'Canada', 'ftremblay@gmail.com', 3),
    (4, 'Bjørn', 'Hansen', NULL, 'Norway', 'bjorn.hansen@yahoo.no', 4),
    (5, 'František', 'Wichterlová', 'JetBrains s.r.o.', 'Czech Republic', 'frantisekw@jetbrains.com', 4);
INSERT INTO "Invoice" ("InvoiceId", "CustomerId", "InvoiceDate", "BillingCountry", "Total") VALUES
    (1, 2, '2009-01-01 00:00:00', 'Germany', 1.98),
    (2, 4, '2009-01-02 00:00:00', 'Norway', 3.96),
    (3, 1, '2009-01-03 00:00:00', 'Brazil', 2.58),
    (4, 3, '2009-01-06 00:00:00', 'Canada', 0.99),
    (5, 5, '2009-01-11 00:00:00', 'Czech Republic', 1.98),
    (6, 2, '2009-02-01 00:00:00', 'Germany', 1.29);
INSERT INTO "InvoiceLine" ("InvoiceLineId", "InvoiceId", "TrackId", "UnitPrice", "Quantity") VALUES
    (1, 1, 2, 0.99, 1), (2, 1, 4, 0.99, 1),
    (3, 2, 5, 0.99, 2), (4, 2, 6, 0.99, 2),
    (5, 3, 7, 1.29, 1), (6, 3, 8, 1.29, 1),
    (7, 4, 11, 0.99, 1),
    (8, 5, 1, 0.99, 1), (9, 5, 3, 0.99, 1),
    (10, 6, 9, 1.29, 1);
INSERT INTO "Playlist" ("PlaylistId", "Name") VALUES (1, 'Music'), (2, 'Jazz Classics'), (3, 'Empty');
INSERT INTO "PlaylistTrack" ("PlaylistId", "TrackId") VALUES (1, 1), (1, 2), (1, 5), (2, 7), (2, 8), (2, 9);

-- downgrade
DELETE FROM "PlaylistTrack";
DELETE FROM "Playlist";
DELETE FROM "InvoiceLine";
DELETE FROM "Invoice";
DELETE FROM "Customer";
-- MySQL checks a self-reference row by row: unlink before deleting.
UPDATE "Employee" SET "ReportsTo" = NULL;
DELETE FROM "Employee";
DELETE FROM "Track";
DELETE FROM "Album";
DELETE FROM "Artist";
DELETE FROM "MediaType";
DELETE FROM "Genre";
