ALTER TABLE "rules" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "file_type" text;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "file_data" "bytea";