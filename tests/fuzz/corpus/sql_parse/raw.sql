INSERT INTO t (id, v) VALUES (1, 'it''s; here');
CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET v = 'x' WHERE id = NEW.id; END;
DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;
/* nested /* comment */ */ SELECT E'\n';
