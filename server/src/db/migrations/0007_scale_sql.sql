-- Exact pre-aggregated roll-ups (issue 6, docs/performance.md): counters per ancestor org, kept by statement
-- triggers with transition tables, so every write path (app, Excel import, bench loader, psql) stays exact.
-- Each change becomes one upsert of net deltas in key order (fewer lock-order deadlocks on the root's rows).

-- The org ids on an org's path, itself included: `1.2.18` -> {1,2,18}.
CREATE FUNCTION rollup_ancestors(p ltree) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT string_to_array(p::text, '.')::int[] $$;
--> statement-breakpoint
-- A move from `old_path` to `new_path`: -1 for ancestors left, +1 for ancestors joined (shared ones cancel).
CREATE FUNCTION rollup_anc_delta(old_path ltree, new_path ltree) RETURNS TABLE (org_id int, sign int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a, -1 FROM unnest(rollup_ancestors(old_path)) a WHERE a <> ALL (rollup_ancestors(new_path))
  UNION ALL
  SELECT a, 1 FROM unnest(rollup_ancestors(new_path)) a WHERE a <> ALL (rollup_ancestors(old_path))
$$;
--> statement-breakpoint
-- What a problem contributes. Y (yellow_day): the problem is yellow once today > Y, i.e. an undone measure's
-- deadline has passed or no progress came within report_days (counted in days, Asia/Shanghai).
CREATE FUNCTION rollup_yellow_day(status text, measure_due date, last_progress_at timestamptz, report_days int)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status IN ('open', 'in_progress') THEN least(measure_due,
    (last_progress_at AT TIME ZONE 'Asia/Shanghai')::date + coalesce(report_days, 14)) END
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_on_time(status text, signed_off_at timestamptz, deadline date)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT status = 'signed_off' AND coalesce((signed_off_at AT TIME ZONE 'Asia/Shanghai')::date <= deadline, false)
$$;
--> statement-breakpoint
-- Per problem, its earliest undone measure looked up by index: for the triggers, which pass a few ids.
CREATE VIEW rollup_problem_facts AS
SELECT p.id AS problem_id, p.org_id, p.campaign_id, p.status, p.deadline,
  rollup_yellow_day(p.status,
    (SELECT min(m.deadline) FROM problem_measures m WHERE m.problem_id = p.id AND NOT m.done),
    p.last_progress_at, l.report_days) AS yellow_day,
  coalesce(l.warn_days, 7) AS warn_days,
  rollup_on_time(p.status, p.signed_off_at, p.deadline) AS on_time
FROM problems p LEFT JOIN problem_ledgers l ON l.campaign_id = p.campaign_id;
--> statement-breakpoint
-- The same for every problem at once, the measures aggregated in one pass: for rebuilds and verification.
CREATE VIEW rollup_problem_facts_all AS
SELECT p.id AS problem_id, p.org_id, p.campaign_id, p.status, p.deadline,
  rollup_yellow_day(p.status, m.due, p.last_progress_at, l.report_days) AS yellow_day,
  coalesce(l.warn_days, 7) AS warn_days,
  rollup_on_time(p.status, p.signed_off_at, p.deadline) AS on_time
FROM problems p LEFT JOIN problem_ledgers l ON l.campaign_id = p.campaign_id
LEFT JOIN (SELECT problem_id, min(deadline) AS due FROM problem_measures WHERE NOT done GROUP BY 1) m
  ON m.problem_id = p.id;
--> statement-breakpoint
-- The counter keys of one problem (rollup_problems' kinds).
CREATE FUNCTION rollup_problem_keys(status text, deadline date, yellow_day date, warn_days int, on_time boolean)
RETURNS TABLE (kind smallint, day date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k.kind, CASE k.kind WHEN 1 THEN deadline WHEN 2 THEN yellow_day WHEN 3 THEN greatest(deadline, yellow_day)
      WHEN 4 THEN greatest(deadline, yellow_day + warn_days + 1) ELSE '-infinity'::date END
  FROM (VALUES (0::smallint), (1::smallint), (2::smallint), (3::smallint), (4::smallint), (5::smallint)) k(kind)
  WHERE CASE k.kind WHEN 0 THEN true WHEN 5 THEN on_time ELSE status IN ('open', 'in_progress') END
$$;
--> statement-breakpoint
-- The counter keys of one opinion (rollup_opinions' metrics); hidden opinions count nowhere.
CREATE FUNCTION rollup_opinion_keys(hidden boolean, unreasonable boolean, signed_at timestamptz,
  sign_deadline timestamptz, answered_at timestamptz, rating text)
RETURNS TABLE (metric smallint, bucket int) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT v.m, v.b FROM (VALUES
      (0::smallint, 0, NOT unreasonable),
      (1::smallint, greatest(0, ceil(extract(epoch FROM signed_at - sign_deadline) / 3600))::int,
        NOT unreasonable AND signed_at IS NOT NULL),
      (2::smallint, 0, NOT unreasonable AND answered_at IS NOT NULL),
      (3::smallint, 0, NOT unreasonable AND answered_at IS NOT NULL
        AND (rating IS NULL OR rating IN ('满意', '比较满意'))),
      (4::smallint, 0, NOT unreasonable AND rating IS NOT NULL),
      (5::smallint, 0, NOT unreasonable AND coalesce(rating IN ('满意', '比较满意'), false)),
      (6::smallint, 0, unreasonable)) v(m, b, keep)
  WHERE coalesce(v.keep, false) AND NOT hidden
$$;
--> statement-breakpoint
-- Full recomputations: what the counters must equal (verify-rollups) and how they are rebuilt. The problem
-- counters follow from the per-problem state, itself checked against rollup_problem_facts_all.
CREATE VIEW rollup_problems_expected AS
WITH own AS (
  SELECT f.org_id, f.campaign_id, f.status, k.kind, k.day, count(*)::int AS n
  FROM rollup_problem_state f
  CROSS JOIN LATERAL rollup_problem_keys(f.status, f.deadline, f.yellow_day, f.warn_days, f.on_time) k
  GROUP BY 1, 2, 3, 4, 5)
SELECT a.org_id, own.campaign_id, own.status, own.kind, own.day, sum(own.n)::int AS n
FROM own JOIN orgs o ON o.id = own.org_id CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE VIEW rollup_assignments_expected AS
WITH own AS (
  SELECT x.org_id, t.campaign_id, x.status, count(*)::int AS n
  FROM assignments x JOIN tasks t ON t.id = x.task_id GROUP BY 1, 2, 3)
SELECT a.org_id, own.campaign_id, own.status, sum(own.n)::int AS n
FROM own JOIN orgs o ON o.id = own.org_id CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE VIEW rollup_opinions_expected AS
WITH own AS (
  SELECT x.org_id, k.metric, k.bucket, count(*)::int AS n
  FROM opinions x
  CROSS JOIN LATERAL rollup_opinion_keys(x.hidden, x.unreasonable, x.signed_at, x.sign_deadline,
    x.answered_at, x.rating) k
  WHERE x.org_id IS NOT NULL GROUP BY 1, 2, 3)
SELECT a.org_id, own.metric, own.bucket, sum(own.n)::int AS n
FROM own JOIN orgs o ON o.id = own.org_id CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE FUNCTION rollup_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
BEGIN
  TRUNCATE rollup_problem_state, rollup_problems, rollup_assignments, rollup_opinions;
  INSERT INTO rollup_problem_state SELECT * FROM rollup_problem_facts_all;
  -- in key order, so one org's counters sit together on disk
  INSERT INTO rollup_problems SELECT * FROM rollup_problems_expected ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_assignments SELECT * FROM rollup_assignments_expected ORDER BY 1, 2, 3;
  INSERT INTO rollup_opinions SELECT * FROM rollup_opinions_expected ORDER BY 1, 2, 3;
END $$;
--> statement-breakpoint
-- Re-derives the given problems: subtracts what the state says they contributed, adds what they contribute now.
CREATE FUNCTION rollup_problems_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO rollup_problems AS r (org_id, campaign_id, status, kind, day, n)
  SELECT a.org_id, f.campaign_id, f.status, k.kind, k.day, sum(f.sign)::int
  FROM (
    SELECT s.org_id, s.campaign_id, s.status, s.deadline, s.yellow_day, s.warn_days, s.on_time, -1 AS sign
    FROM rollup_problem_state s WHERE s.problem_id = ANY (ids)
    UNION ALL
    SELECT v.org_id, v.campaign_id, v.status, v.deadline, v.yellow_day, v.warn_days, v.on_time, 1
    FROM rollup_problem_facts v WHERE v.problem_id = ANY (ids)) f
  JOIN orgs o ON o.id = f.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  CROSS JOIN LATERAL rollup_problem_keys(f.status, f.deadline, f.yellow_day, f.warn_days, f.on_time) k
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, campaign_id, status, kind, day) DO UPDATE SET n = r.n + excluded.n;
  DELETE FROM rollup_problem_state WHERE problem_id = ANY (ids);
  INSERT INTO rollup_problem_state SELECT * FROM rollup_problem_facts WHERE problem_id = ANY (ids);
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_problems_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_problems_refresh(array(SELECT id FROM nt));
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_problems_refresh(array(SELECT id FROM ot));
  ELSE
    PERFORM rollup_problems_refresh(array(
      SELECT n.id FROM nt n JOIN ot o ON o.id = n.id
      WHERE (n.org_id, n.campaign_id, n.status, n.deadline, n.last_progress_at, n.signed_off_at)
        IS DISTINCT FROM (o.org_id, o.campaign_id, o.status, o.deadline, o.last_progress_at, o.signed_off_at)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_problems_ins AFTER INSERT ON problems REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_problems_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_problems_upd AFTER UPDATE ON problems REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_problems_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_problems_del AFTER DELETE ON problems REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_problems_trg();
--> statement-breakpoint
-- Measures move a problem's yellow day.
CREATE FUNCTION rollup_measures_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_problems_refresh(array(SELECT DISTINCT problem_id FROM nt));
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_problems_refresh(array(SELECT DISTINCT problem_id FROM ot));
  ELSE
    PERFORM rollup_problems_refresh(array(
      SELECT n.problem_id FROM nt n JOIN ot o ON o.id = n.id
      WHERE (n.problem_id, n.done, n.deadline) IS DISTINCT FROM (o.problem_id, o.done, o.deadline)
      UNION
      SELECT o.problem_id FROM nt n JOIN ot o ON o.id = n.id WHERE n.problem_id <> o.problem_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_measures_ins AFTER INSERT ON problem_measures REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_measures_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_measures_upd AFTER UPDATE ON problem_measures REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_measures_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_measures_del AFTER DELETE ON problem_measures REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_measures_trg();
--> statement-breakpoint
-- A campaign's warn and report days change every light of its problems.
CREATE FUNCTION rollup_ledgers_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_problems_refresh(array(
      SELECT p.id FROM problems p JOIN nt n ON n.campaign_id = p.campaign_id));
  ELSE
    PERFORM rollup_problems_refresh(array(
      SELECT p.id FROM problems p JOIN nt n ON n.campaign_id = p.campaign_id
      JOIN ot o ON o.campaign_id = n.campaign_id
      WHERE (n.warn_days, n.report_days) IS DISTINCT FROM (o.warn_days, o.report_days)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_ledgers_ins AFTER INSERT ON problem_ledgers REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_ledgers_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_ledgers_upd AFTER UPDATE ON problem_ledgers REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_ledgers_trg();
--> statement-breakpoint
CREATE FUNCTION rollup_assignments_apply(plus assignments[], minus assignments[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rollup_assignments AS r (org_id, campaign_id, status, n)
  SELECT a.org_id, t.campaign_id, x.status, sum(x.sign)::int
  FROM (SELECT p.org_id, p.task_id, p.status, 1 AS sign FROM unnest(plus) p
        UNION ALL SELECT m.org_id, m.task_id, m.status, -1 FROM unnest(minus) m) x
  JOIN tasks t ON t.id = x.task_id JOIN orgs o ON o.id = x.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, campaign_id, status) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_assignments_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_assignments_apply(array(SELECT n::assignments FROM nt n), '{}'::assignments[]);
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_assignments_apply('{}'::assignments[], array(SELECT o::assignments FROM ot o));
  ELSE
    PERFORM rollup_assignments_apply(array(SELECT n::assignments FROM nt n), array(SELECT o::assignments FROM ot o));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_assignments_ins AFTER INSERT ON assignments REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignments_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_assignments_upd AFTER UPDATE ON assignments REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignments_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_assignments_del AFTER DELETE ON assignments REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignments_trg();
--> statement-breakpoint
-- A task moved to another campaign carries its assignments' counts along.
CREATE FUNCTION rollup_tasks_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_assignments AS r (org_id, campaign_id, status, n)
  SELECT a.org_id, x.campaign_id, s.status, sum(x.sign)::int
  FROM (SELECT n.id, n.campaign_id, 1 AS sign FROM nt n JOIN ot o ON o.id = n.id WHERE n.campaign_id <> o.campaign_id
        UNION ALL
        SELECT o.id, o.campaign_id, -1 FROM nt n JOIN ot o ON o.id = n.id WHERE n.campaign_id <> o.campaign_id) x
  JOIN assignments s ON s.task_id = x.id JOIN orgs o ON o.id = s.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, campaign_id, status) DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_tasks_upd AFTER UPDATE ON tasks REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_tasks_trg();
--> statement-breakpoint
CREATE FUNCTION rollup_opinions_apply(plus opinions[], minus opinions[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rollup_opinions AS r (org_id, metric, bucket, n)
  SELECT a.org_id, k.metric, k.bucket, sum(x.sign)::int
  FROM (SELECT p.*, 1 AS sign FROM unnest(plus) p UNION ALL SELECT m.*, -1 FROM unnest(minus) m) x
  JOIN orgs o ON o.id = x.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  CROSS JOIN LATERAL rollup_opinion_keys(x.hidden, x.unreasonable, x.signed_at, x.sign_deadline,
    x.answered_at, x.rating) k
  GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, metric, bucket) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_opinions_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_opinions_apply(array(SELECT n::opinions FROM nt n), '{}'::opinions[]);
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_opinions_apply('{}'::opinions[], array(SELECT o::opinions FROM ot o));
  ELSE
    PERFORM rollup_opinions_apply(array(SELECT n::opinions FROM nt n), array(SELECT o::opinions FROM ot o));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_opinions_ins AFTER INSERT ON opinions REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_opinions_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_opinions_upd AFTER UPDATE ON opinions REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_opinions_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_opinions_del AFTER DELETE ON opinions REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_opinions_trg();
--> statement-breakpoint
-- A subtree move: each moved org's own rows leave the ancestors it left and join the ones it joined.
CREATE FUNCTION rollup_orgs_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM nt n JOIN ot o ON o.id = n.id WHERE n.path <> o.path) THEN RETURN NULL; END IF;
  INSERT INTO rollup_problems AS r (org_id, campaign_id, status, kind, day, n)
  SELECT d.org_id, s.campaign_id, s.status, k.kind, k.day, sum(d.sign)::int
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN rollup_problem_state s ON s.org_id = n.id
  CROSS JOIN LATERAL rollup_problem_keys(s.status, s.deadline, s.yellow_day, s.warn_days, s.on_time) k
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, campaign_id, status, kind, day) DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO rollup_assignments AS r (org_id, campaign_id, status, n)
  SELECT d.org_id, t.campaign_id, s.status, sum(d.sign)::int
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN assignments s ON s.org_id = n.id JOIN tasks t ON t.id = s.task_id
  GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, campaign_id, status) DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO rollup_opinions AS r (org_id, metric, bucket, n)
  SELECT d.org_id, k.metric, k.bucket, sum(d.sign)::int
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN opinions s ON s.org_id = n.id
  CROSS JOIN LATERAL rollup_opinion_keys(s.hidden, s.unreasonable, s.signed_at, s.sign_deadline,
    s.answered_at, s.rating) k
  GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, metric, bucket) DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_orgs_upd AFTER UPDATE ON orgs REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_orgs_trg();
--> statement-breakpoint
SELECT rollup_rebuild();
