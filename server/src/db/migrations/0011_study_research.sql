CREATE TABLE "study_attendance" (
	"session_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "study_attendance_pkey" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "study_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "study_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"organizer" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "study_attendance" ADD CONSTRAINT "study_attendance_session_id_study_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."study_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_attendance" ADD CONSTRAINT "study_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_findings" ADD CONSTRAINT "research_findings_topic_id_research_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."research_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_topics" ADD CONSTRAINT "research_topics_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "study_sessions_org_idx" ON "study_sessions" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "study_sessions_campaign_idx" ON "study_sessions" USING btree ("campaign_id","held_on");--> statement-breakpoint
CREATE INDEX "research_findings_topic_idx" ON "research_findings" USING btree ("topic_id","seq");--> statement-breakpoint
CREATE INDEX "research_topics_org_idx" ON "research_topics" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "research_topics_campaign_idx" ON "research_topics" USING btree ("campaign_id","direction_id");