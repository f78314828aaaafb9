CREATE TABLE "assignment_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assignment_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"assignment_id" integer NOT NULL,
	"kind" text NOT NULL,
	"content" text NOT NULL,
	"progress" integer,
	"author_id" integer,
	"author_name" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"parent_assignment_id" integer,
	"issuer_org_id" integer NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"last_report_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"progress" integer DEFAULT 0 NOT NULL,
	"completion_report" text,
	"results" text,
	"review_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "extension_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"assignment_id" integer NOT NULL,
	"reason" text NOT NULL,
	"requested_deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_comment" text,
	"requested_by" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"issuing_org_id" integer NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"category" text DEFAULT 'work' NOT NULL,
	"basis" text DEFAULT '' NOT NULL,
	"instructing_leader" text DEFAULT '' NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"requirements" text DEFAULT '' NOT NULL,
	"lead_unit" text DEFAULT '' NOT NULL,
	"co_units" text DEFAULT '' NOT NULL,
	"supervisor" text DEFAULT '' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"report_frequency" text DEFAULT 'weekly' NOT NULL,
	"report_interval_days" integer,
	"result_form" text DEFAULT '' NOT NULL,
	"meeting_id" integer,
	"created_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_owner" text,
	"last_error" text,
	"runs" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminder_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject_type" text NOT NULL,
	"step" integer NOT NULL,
	"name" text NOT NULL,
	"offset_days" integer NOT NULL,
	"notify_superior" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sends" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminder_sends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject_type" text NOT NULL,
	"subject_id" integer NOT NULL,
	"step" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"subject_type" text,
	"subject_id" integer,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"user_id" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meeting_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"content" text NOT NULL,
	"task_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_venues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meeting_venues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"expected" integer,
	"present" integer,
	"absence_note" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"organizer_org_id" integer NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"attendee_scope" text DEFAULT '' NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"video_link" text,
	"minutes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignment_reports" ADD CONSTRAINT "assignment_reports_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_venues" ADD CONSTRAINT "meeting_venues_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_reports_idx" ON "assignment_reports" USING btree ("assignment_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_task_org_uq" ON "assignments" USING btree ("task_id","org_id");--> statement-breakpoint
CREATE INDEX "assignments_org_status_idx" ON "assignments" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "assignments_parent_idx" ON "assignments" USING btree ("parent_assignment_id");--> statement-breakpoint
CREATE INDEX "assignments_issuer_status_idx" ON "assignments" USING btree ("issuer_org_id","status");--> statement-breakpoint
CREATE INDEX "assignments_open_deadline_idx" ON "assignments" USING btree ("deadline") WHERE status not in ('completed', 'accepted');--> statement-breakpoint
CREATE INDEX "extension_requests_idx" ON "extension_requests" USING btree ("assignment_id","status");--> statement-breakpoint
CREATE INDEX "tasks_campaign_idx" ON "tasks" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "tasks_issuer_idx" ON "tasks" USING btree ("issuing_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_number_uq" ON "tasks" USING btree ("campaign_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_rules_uq" ON "reminder_rules" USING btree ("subject_type","step");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_sends_uq" ON "reminder_sends" USING btree ("subject_type","subject_id","step");--> statement-breakpoint
CREATE INDEX "inbox_user_idx" ON "inbox_items" USING btree ("user_id","read_at","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "meeting_decisions_idx" ON "meeting_decisions" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_venues_uq" ON "meeting_venues" USING btree ("meeting_id","org_id");--> statement-breakpoint
CREATE INDEX "meeting_venues_org_idx" ON "meeting_venues" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "meetings_campaign_idx" ON "meetings" USING btree ("campaign_id","starts_at");