CREATE TABLE "opinion_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opinion_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"opinion_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"org_id" integer,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opinions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"category" text NOT NULL,
	"org_id" integer,
	"dispatch_org_id" integer NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"submitter_name" text,
	"submitter_phone" text,
	"agree_public" boolean DEFAULT false NOT NULL,
	"ip_hash" text NOT NULL,
	"text_hash" text NOT NULL,
	"merged_count" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"sign_deadline" timestamp with time zone NOT NULL,
	"answer_deadline" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer" text,
	"answered_by_name" text,
	"answer_published" boolean DEFAULT false NOT NULL,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"return_reason" text,
	"returned_from_org_id" integer,
	"unreasonable" boolean DEFAULT false NOT NULL,
	"unreasonable_reason" text,
	"hidden" boolean DEFAULT false NOT NULL,
	"hidden_reason" text,
	"problem_id" integer,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "public_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"owner_type" text NOT NULL,
	"owner_id" integer NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deed_milestones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deed_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"deed_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"weight" integer NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deed_ratings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deed_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"deed_id" integer NOT NULL,
	"device_key" text NOT NULL,
	"day" date NOT NULL,
	"rating" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deeds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deeds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"leader_name" text DEFAULT '' NOT NULL,
	"target_date" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text DEFAULT 'news' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"image_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_dispatch_org_id_orgs_id_fk" FOREIGN KEY ("dispatch_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deed_milestones" ADD CONSTRAINT "deed_milestones_deed_id_deeds_id_fk" FOREIGN KEY ("deed_id") REFERENCES "public"."deeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deed_ratings" ADD CONSTRAINT "deed_ratings_deed_id_deeds_id_fk" FOREIGN KEY ("deed_id") REFERENCES "public"."deeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deeds" ADD CONSTRAINT "deeds_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opinion_events_opinion_idx" ON "opinion_events" USING btree ("opinion_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "opinions_code_uq" ON "opinions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "opinions_org_idx" ON "opinions" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "opinions_dispatch_idx" ON "opinions" USING btree ("dispatch_org_id","status");--> statement-breakpoint
CREATE INDEX "opinions_text_hash_idx" ON "opinions" USING btree ("text_hash","submitted_at");--> statement-breakpoint
CREATE INDEX "public_files_owner_idx" ON "public_files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "deed_milestones_deed_idx" ON "deed_milestones" USING btree ("deed_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "deed_ratings_uq" ON "deed_ratings" USING btree ("deed_id","device_key","day");--> statement-breakpoint
CREATE INDEX "deeds_org_idx" ON "deeds" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "articles_pub_idx" ON "articles" USING btree ("published","published_at");