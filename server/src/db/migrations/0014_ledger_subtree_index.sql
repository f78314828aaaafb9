DROP INDEX IF EXISTS "problems_org_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "problems_org_status_idx" ON "problems" USING btree ("org_id","status","deadline","id","campaign_id");