-- Revision ID: f00000000010
-- Revises: f00000000009
-- Create Date: 2026-11-25 12:00:10.000000
-- Message: tags
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    label VARCHAR(40) NOT NULL
);
CREATE TABLE post_tags (
    post_id BIGINT NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id),
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT fk_post_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
);

-- downgrade
DROP TABLE post_tags;
DROP TABLE tags;
