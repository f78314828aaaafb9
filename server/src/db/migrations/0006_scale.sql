CREATE TABLE "rollup_assignments" (
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_assignments_org_id_campaign_id_status_pk" PRIMARY KEY("org_id","campaign_id","status")
);
--> statement-breakpoint
CREATE TABLE "rollup_opinions" (
	"org_id" integer NOT NULL,
	"metric" smallint NOT NULL,
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_opinions_org_id_metric_bucket_pk" PRIMARY KEY("org_id","metric","bucket")
);
--> statement-breakpoint
CREATE TABLE "rollup_problem_state" (
	"problem_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"status" text NOT NULL,
	"deadline" date NOT NULL,
	"yellow_day" date,
	"warn_days" integer NOT NULL,
	"on_time" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_problems" (
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"status" text NOT NULL,
	"kind" smallint NOT NULL,
	"day" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_problems_org_id_campaign_id_status_kind_day_pk" PRIMARY KEY("org_id","campaign_id","status","kind","day")
);
--> statement-breakpoint
CREATE INDEX "rollup_problem_state_org_idx" ON "rollup_problem_state" USING btree ("org_id");