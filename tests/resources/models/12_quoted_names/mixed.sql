-- Names that need quoting: upper case, reserved words, spaces.
CREATE TABLE "Order" (
    "Id" INTEGER PRIMARY KEY,
    "select" VARCHAR(20),
    "user" INTEGER NOT NULL,
    "Total Amount" NUMERIC(8,2),
    CONSTRAINT "UQ_Order_user" UNIQUE ("user")
);
CREATE TABLE "LineItem" (
    id INTEGER PRIMARY KEY,
    "OrderId" INTEGER NOT NULL REFERENCES "Order"("Id"),
    "group" VARCHAR(10)
);
CREATE INDEX "IX_LineItem_group" ON "LineItem" ("group");
