CREATE TABLE "rollup_deed_state" (
	"deed_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"progress" numeric NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_deeds" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"n" integer NOT NULL,
	"progress_sum" numeric NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_public_problems" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"published" integer NOT NULL,
	"signed_off" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rollup_problem_state" ADD COLUMN "is_public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "rollup_deed_state_org_idx" ON "rollup_deed_state" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "opinions_open_answer_deadline_idx" ON "opinions" USING btree ("answer_deadline") WHERE answered_at is null and status <> 'closed' and not hidden and not unreasonable;