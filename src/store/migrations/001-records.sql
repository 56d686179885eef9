-- Every record of the desk: key "collection/id", its JSON value and its version
-- (optimistic concurrency). "C" collation: keys and sort keys compare byte by byte,
-- as the in-process stores compare them, and indexes stay cheap.
CREATE TABLE records (
  key text COLLATE "C" PRIMARY KEY,
  collection text COLLATE "C" GENERATED ALWAYS AS (split_part(key, '/', 1)) STORED,
  sort text COLLATE "C" NOT NULL DEFAULT '',
  value jsonb NOT NULL,
  version bigint NOT NULL
);

-- scan(collection, {from, to, limit}): one range of this index, already in order.
CREATE INDEX records_scan ON records (collection, sort, key);

-- Writes a batch all or nothing. Each change is {k, v, e, s}: key, value (null
-- deletes), expected version (null: unchecked; 0: must not exist) and sort key.
-- The version check is part of each UPDATE, INSERT and DELETE, so a writer that
-- lost the race finds no row to change and raises SQLSTATE VC001 with the key
-- as detail; the raise undoes the whole batch. Changes run in key order, so two
-- batches lock rows in the same order and never deadlock. The function keeps
-- the schema it was created in as its search path, whatever the caller's is.
CREATE FUNCTION desk_write(batch jsonb) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  c record;
  changed bigint;
BEGIN
  FOR c IN
    SELECT x.k, x.v, x.e, coalesce(x.s, '') AS s
    FROM ROWS FROM (jsonb_to_recordset(batch) AS (k text, v jsonb, e bigint, s text)) WITH ORDINALITY AS x(k, v, e, s, n)
    ORDER BY x.k COLLATE "C", x.n
  LOOP
    IF c.v IS NULL OR jsonb_typeof(c.v) = 'null' THEN
      IF c.e IS NULL THEN
        DELETE FROM records WHERE key = c.k;
        CONTINUE;
      ELSIF c.e = 0 THEN
        PERFORM 1 FROM records WHERE key = c.k;
        changed := CASE WHEN FOUND THEN 0 ELSE 1 END;
      ELSE
        DELETE FROM records WHERE key = c.k AND version = c.e;
        GET DIAGNOSTICS changed = ROW_COUNT;
      END IF;
    ELSIF c.e IS NULL THEN
      INSERT INTO records AS r (key, sort, value, version) VALUES (c.k, c.s, c.v, 1)
      ON CONFLICT (key) DO UPDATE SET sort = excluded.sort, value = excluded.value, version = r.version + 1;
      CONTINUE;
    ELSIF c.e = 0 THEN
      INSERT INTO records (key, sort, value, version) VALUES (c.k, c.s, c.v, 1) ON CONFLICT (key) DO NOTHING;
      GET DIAGNOSTICS changed = ROW_COUNT;
    ELSE
      UPDATE records SET sort = c.s, value = c.v, version = version + 1 WHERE key = c.k AND version = c.e;
      GET DIAGNOSTICS changed = ROW_COUNT;
    END IF;
    IF changed = 0 THEN
      RAISE EXCEPTION 'record changed since it was read' USING ERRCODE = 'VC001', DETAIL = c.k;
    END IF;
  END LOOP;
END
$$;
