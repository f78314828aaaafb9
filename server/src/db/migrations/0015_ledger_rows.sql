CREATE TABLE "ledger_rows" (
	"problem_id" integer PRIMARY KEY NOT NULL,
	"xml" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_rows" ADD CONSTRAINT "ledger_rows_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- ledger_rows (issue 6): each problem's 整改台账 row, rendered once per change by the server
-- (problems.ledger-rows.ts) and streamed as stored by the export. A fragment is either absent (the export
-- renders that row live) or current. These triggers make it so: whatever changes what a problem's row shows
-- deletes the problem's fragment, in the same transaction as the change.
--
-- Race-free by locking the problem row: each trigger first locks the problems concerned (FOR UPDATE; an
-- UPDATE of problems holds the lock already), and whoever writes a fragment locks the same rows FOR UPDATE
-- first and reads them in a statement that starts after the lock (READ COMMITTED). So a change either commits
-- before the writer's lock is granted (the writer then reads the changed rows) or waits for the writer to
-- commit and then deletes the fragment it wrote: a stale fragment can never outlive a change.
CREATE FUNCTION ledger_rows_forget(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- in id order, as the writers lock, so that two of them cannot deadlock on each other's rows
  PERFORM 1 FROM problems WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
  DELETE FROM ledger_rows WHERE problem_id = ANY (ids);
END $$;
--> statement-breakpoint
-- problems: only the columns a ledger row shows (the update holds the row lock already)
CREATE FUNCTION ledger_rows_problems_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ledger_rows WHERE problem_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_rows_problems_upd AFTER UPDATE ON problems FOR EACH ROW
WHEN ((OLD.number, OLD.source, OLD.category, OLD.title, OLD.manifestation, OLD.cause_subjective,
       OLD.cause_systemic, OLD.target, OLD.leader_name, OLD.person_name, OLD.deadline, OLD.result_text,
       OLD.status, OLD.is_public, OLD.signed_off_at, OLD.signed_off_by_name, OLD.sign_off_opinion, OLD.org_id)
  IS DISTINCT FROM
      (NEW.number, NEW.source, NEW.category, NEW.title, NEW.manifestation, NEW.cause_subjective,
       NEW.cause_systemic, NEW.target, NEW.leader_name, NEW.person_name, NEW.deadline, NEW.result_text,
       NEW.status, NEW.is_public, NEW.signed_off_at, NEW.signed_off_by_name, NEW.sign_off_opinion, NEW.org_id))
EXECUTE FUNCTION ledger_rows_problems_trg();
--> statement-breakpoint
-- problem_measures, problem_files, rule_problems: every change of the problems they belong to (statement
-- triggers: one lock and one delete per statement, however many rows it touched)
CREATE FUNCTION ledger_rows_children_ins_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rows_forget(array(SELECT DISTINCT problem_id FROM nt));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION ledger_rows_children_del_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rows_forget(array(SELECT DISTINCT problem_id FROM ot));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION ledger_rows_children_upd_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rows_forget(array(SELECT problem_id FROM nt UNION SELECT problem_id FROM ot));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_rows_measures_ins AFTER INSERT ON problem_measures REFERENCING NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_ins_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_measures_upd AFTER UPDATE ON problem_measures REFERENCING OLD TABLE AS ot NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_upd_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_measures_del AFTER DELETE ON problem_measures REFERENCING OLD TABLE AS ot
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_del_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_files_ins AFTER INSERT ON problem_files REFERENCING NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_ins_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_files_upd AFTER UPDATE ON problem_files REFERENCING OLD TABLE AS ot NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_upd_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_files_del AFTER DELETE ON problem_files REFERENCING OLD TABLE AS ot
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_del_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_rule_problems_ins AFTER INSERT ON rule_problems REFERENCING NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_ins_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_rule_problems_upd AFTER UPDATE ON rule_problems REFERENCING OLD TABLE AS ot NEW TABLE AS nt
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_upd_trg();
--> statement-breakpoint
CREATE TRIGGER ledger_rows_rule_problems_del AFTER DELETE ON rule_problems REFERENCING OLD TABLE AS ot
FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_children_del_trg();
--> statement-breakpoint
-- a rule's title is shown in 建章立制 of every problem it is linked to
CREATE FUNCTION ledger_rows_rules_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rows_forget(array(SELECT problem_id FROM rule_problems WHERE rule_id = NEW.id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_rows_rules_upd AFTER UPDATE ON rules FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION ledger_rows_rules_trg();
--> statement-breakpoint
-- an org's name is shown in 责任单位 of every problem it is responsible for
CREATE FUNCTION ledger_rows_orgs_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rows_forget(array(SELECT id FROM problems WHERE org_id = NEW.id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_rows_orgs_upd AFTER UPDATE ON orgs FOR EACH ROW
WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION ledger_rows_orgs_trg();
