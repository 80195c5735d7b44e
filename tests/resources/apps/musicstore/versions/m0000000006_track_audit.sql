-- Revision ID: m0000000006
-- Revises: m0000000005
-- Create Date: 2026-11-29 12:06:00.000000
-- Message: audit new tracks with a trigger per backend
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE "TrackAudit" (
    "AuditId" INTEGER PRIMARY KEY,
    "TrackId" INTEGER NOT NULL,
    "Action" VARCHAR(10) NOT NULL
);
-- dialect: sqlite
CREATE TRIGGER "Track_audit" AFTER INSERT ON "Track" BEGIN
    INSERT INTO "TrackAudit" ("TrackId", "Action") VALUES (NEW."TrackId", 'insert');
END;
-- dialect: postgresql
CREATE FUNCTION track_audit() RETURNS trigger AS $$
BEGIN
    INSERT INTO "TrackAudit" ("TrackId", "Action") VALUES (NEW."TrackId", 'insert');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Track_audit" AFTER INSERT ON "Track" FOR EACH ROW EXECUTE FUNCTION track_audit();
-- dialect: mysql
CREATE TRIGGER "Track_audit" AFTER INSERT ON "Track" FOR EACH ROW
    INSERT INTO "TrackAudit" ("TrackId", "Action") VALUES (NEW."TrackId", 'insert');
-- dialect: all
INSERT INTO "Track" ("TrackId", "Name", "MediaTypeId", "Milliseconds", "UnitPrice")
    VALUES (100, 'Hidden Track', 1, 61000, 0.00);

-- downgrade
DELETE FROM "Track" WHERE "TrackId" = 100;
-- dialect: postgresql
DROP TRIGGER "Track_audit" ON "Track";
DROP FUNCTION track_audit();
-- dialect: sqlite, mysql
DROP TRIGGER "Track_audit";
-- dialect: all
DROP TABLE "TrackAudit";
