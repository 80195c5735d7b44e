-- Dates and times, with and without time zone, with current-time defaults.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    day DATE NOT NULL,
    at_time TIME,
    starts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ends TIMESTAMP,
    logged TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    seen TIMESTAMP WITH TIME ZONE
);
