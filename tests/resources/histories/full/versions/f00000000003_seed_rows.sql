-- Revision ID: f00000000003
-- Revises: f00000000002
-- Create Date: 2026-11-25 12:00:03.000000
-- Message: seed rows
-- Branch Labels: 
-- Depends On: 

-- upgrade
INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann');
INSERT INTO users (email, name, active) VALUES ('bob@example.com', 'Bob', FALSE);
INSERT INTO posts (id, user_id, title, body, score, rating, weight, published, at_time, meta, uid)
    VALUES (1, 1, 'Hello', 'first post', 1.50, 2.5, 3.25, '2026-11-25', '12:30:00', '{"a": 1}', '7b9d1f3e-4c2a-4e8b-9f10-2b3c4d5e6f70');
INSERT INTO posts (id, user_id, title) VALUES (2, 2, 'Second');

-- downgrade
DELETE FROM posts;
DELETE FROM users;
