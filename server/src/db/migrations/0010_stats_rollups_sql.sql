-- Counters for the public and staff statistics (issue 6): published problems (rollup_public_problems), overdue
-- opinions (rollup_opinions metrics 7 and 8) and deeds (rollup_deeds), kept by the same statement triggers as
-- the `scale_sql` migration, and backfilled by its rebuild at the end.

-- The problem facts gain the is_public flag (appended: the state table is filled with SELECT *).
CREATE OR REPLACE VIEW rollup_problem_facts AS
SELECT p.id AS problem_id, p.org_id, p.campaign_id, p.status, p.deadline,
  rollup_yellow_day(p.status,
    (SELECT min(m.deadline) FROM problem_measures m WHERE m.problem_id = p.id AND NOT m.done),
    p.last_progress_at, l.report_days) AS yellow_day,
  coalesce(l.warn_days, 7) AS warn_days,
  rollup_on_time(p.status, p.signed_off_at, p.deadline) AS on_time,
  p.is_public
FROM problems p LEFT JOIN problem_ledgers l ON l.campaign_id = p.campaign_id;
--> statement-breakpoint
CREATE OR REPLACE VIEW rollup_problem_facts_all AS
SELECT p.id AS problem_id, p.org_id, p.campaign_id, p.status, p.deadline,
  rollup_yellow_day(p.status, m.due, p.last_progress_at, l.report_days) AS yellow_day,
  coalesce(l.warn_days, 7) AS warn_days,
  rollup_on_time(p.status, p.signed_off_at, p.deadline) AS on_time,
  p.is_public
FROM problems p LEFT JOIN problem_ledgers l ON l.campaign_id = p.campaign_id
LEFT JOIN (SELECT problem_id, min(deadline) AS due FROM problem_measures WHERE NOT done GROUP BY 1) m
  ON m.problem_id = p.id;
--> statement-breakpoint
-- What the given problems contributed (the state, sign -1) and contribute now (the facts, sign +1), per ancestor.
CREATE FUNCTION rollup_problem_delta(ids int[]) RETURNS TABLE (org_id int, campaign_id int, status text,
  deadline date, yellow_day date, warn_days int, on_time boolean, is_public boolean, sign int)
LANGUAGE sql STABLE AS $$
  SELECT a.org_id, f.campaign_id, f.status, f.deadline, f.yellow_day, f.warn_days, f.on_time, f.is_public, f.sign
  FROM (
    SELECT s.org_id, s.campaign_id, s.status, s.deadline, s.yellow_day, s.warn_days, s.on_time, s.is_public,
      -1 AS sign
    FROM rollup_problem_state s WHERE s.problem_id = ANY (ids)
    UNION ALL
    SELECT v.org_id, v.campaign_id, v.status, v.deadline, v.yellow_day, v.warn_days, v.on_time, v.is_public, 1
    FROM rollup_problem_facts v WHERE v.problem_id = ANY (ids)) f
  JOIN orgs o ON o.id = f.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
$$;
--> statement-breakpoint
-- Published on the portal (is_public, not a draft or cancelled), and signed off among them.
CREATE FUNCTION rollup_published(status text, is_public boolean) RETURNS int LANGUAGE sql IMMUTABLE
PARALLEL SAFE AS $$ SELECT (is_public AND status NOT IN ('draft', 'cancelled'))::int $$;
--> statement-breakpoint
CREATE VIEW rollup_public_problems_expected AS
SELECT a.org_id, count(*)::int AS published, count(*) FILTER (WHERE s.status = 'signed_off')::int AS signed_off
FROM rollup_problem_state s JOIN orgs o ON o.id = s.org_id
CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
WHERE rollup_published(s.status, s.is_public) = 1
GROUP BY 1;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_problems_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO rollup_problems AS r (org_id, campaign_id, status, kind, day, n)
  SELECT f.org_id, f.campaign_id, f.status, k.kind, k.day, sum(f.sign)::int
  FROM rollup_problem_delta(ids) f
  CROSS JOIN LATERAL rollup_problem_keys(f.status, f.deadline, f.yellow_day, f.warn_days, f.on_time) k
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, campaign_id, status, kind, day) DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO rollup_public_problems AS r (org_id, published, signed_off)
  SELECT f.org_id, sum(f.sign * rollup_published(f.status, f.is_public))::int,
    sum(f.sign * rollup_published(f.status, f.is_public) * (f.status = 'signed_off')::int)::int
  FROM rollup_problem_delta(ids) f WHERE f.is_public
  GROUP BY 1 HAVING sum(f.sign * rollup_published(f.status, f.is_public)) <> 0
    OR sum(f.sign * rollup_published(f.status, f.is_public) * (f.status = 'signed_off')::int) <> 0
  ORDER BY 1
  ON CONFLICT (org_id) DO UPDATE
    SET published = r.published + excluded.published, signed_off = r.signed_off + excluded.signed_off;
  DELETE FROM rollup_problem_state WHERE problem_id = ANY (ids);
  INSERT INTO rollup_problem_state SELECT * FROM rollup_problem_facts WHERE problem_id = ANY (ids);
END $$;
--> statement-breakpoint
-- An is_public flip is a change the counters see.
CREATE OR REPLACE FUNCTION rollup_problems_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_problems_refresh(array(SELECT id FROM nt));
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_problems_refresh(array(SELECT id FROM ot));
  ELSE
    PERFORM rollup_problems_refresh(array(
      SELECT n.id FROM nt n JOIN ot o ON o.id = n.id
      WHERE (n.org_id, n.campaign_id, n.status, n.deadline, n.last_progress_at, n.signed_off_at, n.is_public)
        IS DISTINCT FROM
        (o.org_id, o.campaign_id, o.status, o.deadline, o.last_progress_at, o.signed_off_at, o.is_public)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Opinion metrics 7 (answered after the answer deadline; bucket = hours late, rounded up) and 8 (open and
-- unanswered; bucket = the answer deadline's hour since the epoch, rounded down): "overdue" at time t with
-- tolerance T whole hours = #7 with bucket > T + #8 with bucket < the hour of t − T + the boundary hour's rows.
CREATE FUNCTION rollup_opinion_keys(hidden boolean, unreasonable boolean, signed_at timestamptz,
  sign_deadline timestamptz, answered_at timestamptz, rating text, status text, answer_deadline timestamptz)
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
      (6::smallint, 0, unreasonable),
      (7::smallint, greatest(0, ceil(extract(epoch FROM answered_at - answer_deadline) / 3600))::int,
        NOT unreasonable AND answered_at > answer_deadline),
      (8::smallint, floor(extract(epoch FROM answer_deadline) / 3600)::int,
        NOT unreasonable AND answered_at IS NULL AND status <> 'closed')) v(m, b, keep)
  WHERE coalesce(v.keep, false) AND NOT hidden
$$;
--> statement-breakpoint
CREATE OR REPLACE VIEW rollup_opinions_expected AS
WITH own AS (
  SELECT x.org_id, k.metric, k.bucket, count(*)::int AS n
  FROM opinions x
  CROSS JOIN LATERAL rollup_opinion_keys(x.hidden, x.unreasonable, x.signed_at, x.sign_deadline,
    x.answered_at, x.rating, x.status, x.answer_deadline) k
  WHERE x.org_id IS NOT NULL GROUP BY 1, 2, 3)
SELECT a.org_id, own.metric, own.bucket, sum(own.n)::int AS n
FROM own JOIN orgs o ON o.id = own.org_id CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_opinions_apply(plus opinions[], minus opinions[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rollup_opinions AS r (org_id, metric, bucket, n)
  SELECT a.org_id, k.metric, k.bucket, sum(x.sign)::int
  FROM (SELECT p.*, 1 AS sign FROM unnest(plus) p UNION ALL SELECT m.*, -1 FROM unnest(minus) m) x
  JOIN orgs o ON o.id = x.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  CROSS JOIN LATERAL rollup_opinion_keys(x.hidden, x.unreasonable, x.signed_at, x.sign_deadline,
    x.answered_at, x.rating, x.status, x.answer_deadline) k
  GROUP BY 1, 2, 3 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, metric, bucket) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
-- Deeds: each deed's weighted progress (Σ weight × progress / Σ weight, 0 without milestones), exactly as the
-- row-aggregating statistics computed it, so the average over a subtree is Σ progress / n.
CREATE VIEW rollup_deed_facts AS
SELECT d.id AS deed_id, d.org_id,
  (SELECT CASE WHEN sum(m.weight) > 0 THEN sum(m.weight * m.progress)::numeric / sum(m.weight) ELSE 0 END
   FROM deed_milestones m WHERE m.deed_id = d.id) AS progress
FROM deeds d;
--> statement-breakpoint
CREATE VIEW rollup_deeds_expected AS
SELECT a.org_id, count(*)::int AS n, sum(s.progress) AS progress_sum
FROM rollup_deed_state s JOIN orgs o ON o.id = s.org_id
CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
GROUP BY 1;
--> statement-breakpoint
CREATE FUNCTION rollup_deeds_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO rollup_deeds AS r (org_id, n, progress_sum)
  SELECT a.org_id, sum(f.sign)::int, sum(f.sign * f.progress)
  FROM (
    SELECT s.org_id, s.progress, -1 AS sign FROM rollup_deed_state s WHERE s.deed_id = ANY (ids)
    UNION ALL
    SELECT v.org_id, v.progress, 1 FROM rollup_deed_facts v WHERE v.deed_id = ANY (ids)) f
  JOIN orgs o ON o.id = f.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) a(org_id)
  GROUP BY 1 HAVING sum(f.sign) <> 0 OR sum(f.sign * f.progress) <> 0
  ORDER BY 1
  ON CONFLICT (org_id) DO UPDATE SET n = r.n + excluded.n, progress_sum = r.progress_sum + excluded.progress_sum;
  DELETE FROM rollup_deed_state WHERE deed_id = ANY (ids);
  INSERT INTO rollup_deed_state SELECT * FROM rollup_deed_facts WHERE deed_id = ANY (ids);
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_deeds_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_deeds_refresh(array(SELECT id FROM nt));
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_deeds_refresh(array(SELECT id FROM ot));
  ELSE
    PERFORM rollup_deeds_refresh(array(
      SELECT n.id FROM nt n JOIN ot o ON o.id = n.id WHERE n.org_id <> o.org_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_deeds_ins AFTER INSERT ON deeds REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deeds_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_deeds_upd AFTER UPDATE ON deeds REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deeds_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_deeds_del AFTER DELETE ON deeds REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deeds_trg();
--> statement-breakpoint
-- Milestones move their deed's progress.
CREATE FUNCTION rollup_deed_milestones_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_deeds_refresh(array(SELECT DISTINCT deed_id FROM nt));
  ELSIF tg_op = 'DELETE' THEN
    PERFORM rollup_deeds_refresh(array(SELECT DISTINCT deed_id FROM ot));
  ELSE
    PERFORM rollup_deeds_refresh(array(
      SELECT n.deed_id FROM nt n JOIN ot o ON o.id = n.id
      WHERE (n.deed_id, n.weight, n.progress) IS DISTINCT FROM (o.deed_id, o.weight, o.progress)
      UNION
      SELECT o.deed_id FROM nt n JOIN ot o ON o.id = n.id WHERE n.deed_id <> o.deed_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_deed_milestones_ins AFTER INSERT ON deed_milestones REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deed_milestones_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_deed_milestones_upd AFTER UPDATE ON deed_milestones
  REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deed_milestones_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_deed_milestones_del AFTER DELETE ON deed_milestones REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_deed_milestones_trg();
--> statement-breakpoint
-- A subtree move: as before, plus the deeds' counters.
CREATE OR REPLACE FUNCTION rollup_orgs_trg() RETURNS trigger LANGUAGE plpgsql AS $$
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
  INSERT INTO rollup_public_problems AS r (org_id, published, signed_off)
  SELECT d.org_id, sum(d.sign)::int, sum(d.sign * (s.status = 'signed_off')::int)::int
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN rollup_problem_state s ON s.org_id = n.id AND rollup_published(s.status, s.is_public) = 1
  GROUP BY 1 HAVING sum(d.sign) <> 0 ORDER BY 1
  ON CONFLICT (org_id) DO UPDATE
    SET published = r.published + excluded.published, signed_off = r.signed_off + excluded.signed_off;
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
    s.answered_at, s.rating, s.status, s.answer_deadline) k
  GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, metric, bucket) DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO rollup_deeds AS r (org_id, n, progress_sum)
  SELECT d.org_id, sum(d.sign)::int, sum(d.sign * s.progress)
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN rollup_deed_state s ON s.org_id = n.id
  GROUP BY 1 HAVING sum(d.sign) <> 0 ORDER BY 1
  ON CONFLICT (org_id) DO UPDATE SET n = r.n + excluded.n, progress_sum = r.progress_sum + excluded.progress_sum;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP FUNCTION rollup_opinion_keys(boolean, boolean, timestamptz, timestamptz, timestamptz, text);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
BEGIN
  TRUNCATE rollup_problem_state, rollup_problems, rollup_public_problems, rollup_assignments, rollup_opinions,
    rollup_deed_state, rollup_deeds;
  INSERT INTO rollup_problem_state SELECT * FROM rollup_problem_facts_all;
  -- in key order, so one org's counters sit together on disk
  INSERT INTO rollup_problems SELECT * FROM rollup_problems_expected ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_public_problems SELECT * FROM rollup_public_problems_expected ORDER BY 1;
  INSERT INTO rollup_assignments SELECT * FROM rollup_assignments_expected ORDER BY 1, 2, 3;
  INSERT INTO rollup_opinions SELECT * FROM rollup_opinions_expected ORDER BY 1, 2, 3;
  INSERT INTO rollup_deed_state SELECT * FROM rollup_deed_facts;
  INSERT INTO rollup_deeds SELECT * FROM rollup_deeds_expected ORDER BY 1;
END $$;
--> statement-breakpoint
SELECT rollup_rebuild();
