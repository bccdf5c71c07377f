CREATE TABLE "link_files" (
	"link_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_id" text NOT NULL,
	CONSTRAINT "link_files_link_id_position_pk" PRIMARY KEY("link_id","position"),
	CONSTRAINT "link_files_link_file_unique" UNIQUE("link_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "review_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"link_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"file_id" text NOT NULL,
	"decision" text NOT NULL,
	"note" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_decisions_reviewer_file_unique" UNIQUE("reviewer_id","file_id"),
	CONSTRAINT "review_decisions_decision_check" CHECK ("review_decisions"."decision" in ('approved', 'changes_requested'))
);
--> statement-breakpoint
CREATE TABLE "reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "require_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "comment_visibility" text DEFAULT 'view_all' NOT NULL;--> statement-breakpoint
ALTER TABLE "link_files" ADD CONSTRAINT "link_files_link_id_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_link_id_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_reviewer_id_reviewers_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."reviewers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewers" ADD CONSTRAINT "reviewers_link_id_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_decisions_link_idx" ON "review_decisions" USING btree ("link_id","decided_at");--> statement-breakpoint
CREATE INDEX "reviewers_link_idx" ON "reviewers" USING btree ("link_id");--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_comment_visibility_check" CHECK ("share_links"."comment_visibility" in ('view_all', 'view_self'));--> statement-breakpoint
-- Every link made before review sets has exactly its one file.
INSERT INTO "link_files" ("link_id", "position", "file_id") SELECT "id", 0, "file_id" FROM "share_links";