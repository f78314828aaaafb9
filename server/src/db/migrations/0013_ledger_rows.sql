CREATE TABLE "ledger_rows" (
	"problem_id" integer PRIMARY KEY NOT NULL,
	"xml" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_rows" ADD CONSTRAINT "ledger_rows_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;