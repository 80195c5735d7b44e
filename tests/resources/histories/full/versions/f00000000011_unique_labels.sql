-- Revision ID: f00000000011
-- Revises: f00000000010
-- Create Date: 2026-11-25 12:00:11.000000
-- Message: unique labels
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE tags ADD CONSTRAINT uq_tags_label UNIQUE (label);
INSERT INTO tags (label) VALUES ('news');
INSERT INTO tags (label) VALUES ('misc');
INSERT INTO post_tags (post_id, tag_id) VALUES (1, 1);

-- downgrade
DELETE FROM post_tags;
DELETE FROM tags;
ALTER TABLE tags DROP CONSTRAINT uq_tags_label;
