-- The blog project's schema at its head (c47a91e5b803), in portable SQL:
-- what `retort check` compares a database with after carrying on from
-- Alembic.
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    email VARCHAR(120) NOT NULL UNIQUE,
    display_name VARCHAR(80) NOT NULL DEFAULT 'anonymous',
    karma INTEGER NOT NULL DEFAULT 0,
    joined_at TIMESTAMP NOT NULL,
    bio TEXT
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    body TEXT,
    rating NUMERIC(4, 2),
    published BOOLEAN NOT NULL,
    slug VARCHAR(200)
);
CREATE INDEX ix_posts_author_id ON posts (author_id);
CREATE UNIQUE INDEX ix_posts_slug ON posts (slug);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    tag_id INTEGER REFERENCES tags (id),
    PRIMARY KEY (post_id, tag_id)
);
