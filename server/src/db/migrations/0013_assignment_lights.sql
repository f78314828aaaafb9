CREATE TABLE "rollup_assignment_hours" (
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"kind" smallint NOT NULL,
	"hour" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_assignment_hours_org_id_campaign_id_kind_hour_pk" PRIMARY KEY("org_id","campaign_id","kind","hour")
);
--> statement-breakpoint
CREATE TABLE "rollup_assignment_state" (
	"assignment_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"yellow_at" timestamp with time zone NOT NULL,
	"mixed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rollup_assignment_state_yellow_idx" ON "rollup_assignment_state" USING btree ("yellow_at");--> statement-breakpoint
CREATE INDEX "rollup_assignment_state_mixed_idx" ON "rollup_assignment_state" USING btree ("mixed_at");--> statement-breakpoint
-- The lights of open assignments as hour histograms (rollup.table.ts, rollup_assignment_hours), kept by statement
-- triggers like the other counters (0007). The light rules are tasks.sql.ts `lightSql`'s: done, else red when
-- D < t, else blue when D < t + 72 h, else yellow when t > Y, else green.
CREATE FUNCTION rollup_hour(t timestamptz) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT floor(extract(epoch FROM t) / 3600)::int $$;
--> statement-breakpoint
-- Y: when an open assignment turns yellow — 48 h after issue while not acknowledged (ACK_DAYS), or a report
-- interval after the last report (or 签收, or issue); null when neither applies.
CREATE FUNCTION rollup_assignment_yellow(status text, issued_at timestamptz, acknowledged_at timestamptz,
  last_report_at timestamptz, interval_days int) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status NOT IN ('completed', 'accepted') THEN least(
    CASE WHEN status = 'issued' THEN issued_at + make_interval(hours => 48) END,
    CASE WHEN interval_days IS NOT NULL
      THEN coalesce(last_report_at, acknowledged_at, issued_at) + make_interval(hours => 24 * interval_days) END) END
$$;
--> statement-breakpoint
-- The histogram keys of one assignment (kinds of rollup_assignment_hours); none once it is done.
CREATE FUNCTION rollup_assignment_keys(status text, deadline timestamptz, yellow_at timestamptz)
RETURNS TABLE (kind smallint, hour int) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k.kind, rollup_hour(CASE k.kind WHEN 1 THEN deadline WHEN 2 THEN yellow_at
      ELSE greatest(yellow_at, deadline - make_interval(hours => 72)) END)
  FROM (VALUES (1::smallint), (2::smallint), (3::smallint)) k(kind)
  WHERE status NOT IN ('completed', 'accepted') AND (k.kind = 1 OR yellow_at IS NOT NULL)
$$;
--> statement-breakpoint
-- What each assignment contributes, with its task's campaign and report interval.
CREATE VIEW rollup_assignment_facts AS
SELECT a.id AS assignment_id, a.org_id, t.campaign_id, a.status, a.deadline,
  rollup_assignment_yellow(a.status, a.issued_at, a.acknowledged_at, a.last_report_at, t.report_interval_days)
    AS yellow_at
FROM assignments a JOIN tasks t ON t.id = a.task_id;
--> statement-breakpoint
CREATE VIEW rollup_assignment_hours_expected AS
SELECT an.org_id, f.campaign_id, k.kind, k.hour, count(*)::int AS n
FROM rollup_assignment_facts f JOIN orgs o ON o.id = f.org_id
CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) an(org_id)
CROSS JOIN LATERAL rollup_assignment_keys(f.status, f.deadline, f.yellow_at) k
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW rollup_assignment_state_expected AS
SELECT assignment_id, org_id, campaign_id, yellow_at,
  greatest(yellow_at, deadline - make_interval(hours => 72)) AS mixed_at
FROM rollup_assignment_facts WHERE yellow_at IS NOT NULL;
--> statement-breakpoint
-- Adds `plus` and subtracts `minus` (fact rows); the state rows of `minus` go, those of `plus` come.
CREATE FUNCTION rollup_assignment_lights_apply(plus rollup_assignment_facts[], minus rollup_assignment_facts[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_assignment_hours AS r (org_id, campaign_id, kind, hour, n)
  SELECT an.org_id, x.campaign_id, k.kind, k.hour, sum(x.sign)::int
  FROM (SELECT p.*, 1 AS sign FROM unnest(plus) p UNION ALL SELECT m.*, -1 FROM unnest(minus) m) x
  JOIN orgs o ON o.id = x.org_id
  CROSS JOIN LATERAL unnest(rollup_ancestors(o.path)) an(org_id)
  CROSS JOIN LATERAL rollup_assignment_keys(x.status, x.deadline, x.yellow_at) k
  GROUP BY 1, 2, 3, 4 HAVING sum(x.sign) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, campaign_id, kind, hour) DO UPDATE SET n = r.n + excluded.n;
  DELETE FROM rollup_assignment_state s USING unnest(minus) m WHERE s.assignment_id = m.assignment_id;
  INSERT INTO rollup_assignment_state (assignment_id, org_id, campaign_id, yellow_at, mixed_at)
  SELECT p.assignment_id, p.org_id, p.campaign_id, p.yellow_at,
    greatest(p.yellow_at, p.deadline - make_interval(hours => 72))
  FROM unnest(plus) p WHERE p.yellow_at IS NOT NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_assignment_lights_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    PERFORM rollup_assignment_lights_apply(array(SELECT f FROM rollup_assignment_facts f JOIN nt n
      ON n.id = f.assignment_id), '{}');
  ELSIF tg_op = 'DELETE' THEN
    -- the rows are gone: their facts from the transition table and the task
    PERFORM rollup_assignment_lights_apply('{}', array(SELECT ROW(o.id, o.org_id, t.campaign_id, o.status,
      o.deadline, rollup_assignment_yellow(o.status, o.issued_at, o.acknowledged_at, o.last_report_at,
      t.report_interval_days))::rollup_assignment_facts FROM ot o JOIN tasks t ON t.id = o.task_id));
  ELSE
    PERFORM rollup_assignment_lights_apply(array(SELECT f FROM rollup_assignment_facts f JOIN nt n
      ON n.id = f.assignment_id), array(SELECT ROW(o.id, o.org_id, t.campaign_id, o.status,
      o.deadline, rollup_assignment_yellow(o.status, o.issued_at, o.acknowledged_at, o.last_report_at,
      t.report_interval_days))::rollup_assignment_facts FROM ot o JOIN tasks t ON t.id = o.task_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_assignment_lights_ins AFTER INSERT ON assignments REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignment_lights_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_assignment_lights_upd AFTER UPDATE ON assignments REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignment_lights_trg();
--> statement-breakpoint
CREATE TRIGGER rollup_assignment_lights_del AFTER DELETE ON assignments REFERENCING OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignment_lights_trg();
--> statement-breakpoint
-- A task moved to another campaign or given another report interval: its assignments' contributions move.
CREATE FUNCTION rollup_assignment_lights_tasks_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollup_assignment_lights_apply(
    array(SELECT ROW(a.id, a.org_id, n.campaign_id, a.status, a.deadline, rollup_assignment_yellow(a.status,
      a.issued_at, a.acknowledged_at, a.last_report_at, n.report_interval_days))::rollup_assignment_facts
      FROM nt n JOIN ot o ON o.id = n.id JOIN assignments a ON a.task_id = n.id
      WHERE n.campaign_id <> o.campaign_id OR n.report_interval_days IS DISTINCT FROM o.report_interval_days),
    array(SELECT ROW(a.id, a.org_id, o.campaign_id, a.status, a.deadline, rollup_assignment_yellow(a.status,
      a.issued_at, a.acknowledged_at, a.last_report_at, o.report_interval_days))::rollup_assignment_facts
      FROM nt n JOIN ot o ON o.id = n.id JOIN assignments a ON a.task_id = n.id
      WHERE n.campaign_id <> o.campaign_id OR n.report_interval_days IS DISTINCT FROM o.report_interval_days));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_assignment_lights_tasks_upd AFTER UPDATE ON tasks REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignment_lights_tasks_trg();
--> statement-breakpoint
-- A subtree move: the moved orgs' assignments leave the old ancestors' histograms and join the new ones'.
CREATE FUNCTION rollup_assignment_lights_orgs_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM nt n JOIN ot o ON o.id = n.id WHERE n.path <> o.path) THEN RETURN NULL; END IF;
  INSERT INTO rollup_assignment_hours AS r (org_id, campaign_id, kind, hour, n)
  SELECT d.org_id, f.campaign_id, k.kind, k.hour, sum(d.sign)::int
  FROM nt n JOIN ot o ON o.id = n.id AND o.path <> n.path
  CROSS JOIN LATERAL rollup_anc_delta(o.path, n.path) d
  JOIN rollup_assignment_facts f ON f.org_id = n.id
  CROSS JOIN LATERAL rollup_assignment_keys(f.status, f.deadline, f.yellow_at) k
  GROUP BY 1, 2, 3, 4 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, campaign_id, kind, hour) DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_assignment_lights_orgs_upd AFTER UPDATE ON orgs REFERENCING OLD TABLE AS ot NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_assignment_lights_orgs_trg();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
BEGIN
  TRUNCATE rollup_problem_state, rollup_problems, rollup_public_problems, rollup_assignments, rollup_opinions,
    rollup_deed_state, rollup_deeds, rollup_assignment_hours, rollup_assignment_state;
  INSERT INTO rollup_problem_state SELECT * FROM rollup_problem_facts_all;
  -- in key order, so one org's counters sit together on disk
  INSERT INTO rollup_problems SELECT * FROM rollup_problems_expected ORDER BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_public_problems SELECT * FROM rollup_public_problems_expected ORDER BY 1;
  INSERT INTO rollup_assignments SELECT * FROM rollup_assignments_expected ORDER BY 1, 2, 3;
  INSERT INTO rollup_opinions SELECT * FROM rollup_opinions_expected ORDER BY 1, 2, 3;
  INSERT INTO rollup_deed_state SELECT * FROM rollup_deed_facts;
  INSERT INTO rollup_deeds SELECT * FROM rollup_deeds_expected ORDER BY 1;
  INSERT INTO rollup_assignment_state SELECT * FROM rollup_assignment_state_expected;
  INSERT INTO rollup_assignment_hours SELECT * FROM rollup_assignment_hours_expected ORDER BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
SELECT rollup_rebuild();
