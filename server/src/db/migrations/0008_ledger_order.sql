DROP INDEX "problems_status_idx";--> statement-breakpoint
DROP INDEX "problems_deadline_idx";--> statement-breakpoint
CREATE INDEX "problems_status_idx" ON "problems" USING btree ("status","deadline","id");--> statement-breakpoint
CREATE INDEX "problems_deadline_idx" ON "problems" USING btree ("deadline","id");