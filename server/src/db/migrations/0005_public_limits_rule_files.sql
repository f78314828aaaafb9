CREATE TABLE "pow_salts" (
	"salt" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "file_type" text;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "file_data" "bytea";--> statement-breakpoint
CREATE INDEX "pow_salts_expires_idx" ON "pow_salts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "rate_counters_reset_idx" ON "rate_counters" USING btree ("reset_at");