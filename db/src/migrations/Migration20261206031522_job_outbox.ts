import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031522_job_outbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_outbox" ("id" uuid not null, "job_name" varchar(64) not null, "job_id" varchar(200) not null, "data" jsonb not null, "attempts" int not null default 0, "available_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, constraint "job_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "job_outbox_available_idx" on "job_outbox" ("available_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_outbox" cascade;`);
  }

}
