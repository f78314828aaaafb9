CREATE TABLE "research_findings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "research_findings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"topic_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"conversion" text,
	"problem_id" integer,
	"rule_id" integer,
	"measure" text DEFAULT '' NOT NULL,
	"converted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_topics" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "research_topics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"direction_id" integer,
	"title" text NOT NULL,
	"lead_person_id" integer,
	"plan" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"report" text DEFAULT '' NOT NULL,
	"report_file_name" text,
	"report_file_type" text,
	"report_file_data" "bytea",
	"reported_at" timestamp with time zone,
	"converted_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "research_findings" ADD CONSTRAINT "research_findings_topic_id_research_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."research_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_topics" ADD CONSTRAINT "research_topics_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "research_findings_topic_idx" ON "research_findings" USING btree ("topic_id","seq");--> statement-breakpoint
CREATE INDEX "research_topics_org_idx" ON "research_topics" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "research_topics_campaign_idx" ON "research_topics" USING btree ("campaign_id","direction_id");