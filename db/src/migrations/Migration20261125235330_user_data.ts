import { Migration } from '@mikro-orm/migrations';

export class Migration20261125235330_user_data extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "user_exports" ("id" uuid not null, "user_id" uuid not null, "status" text check ("status" in ('queued', 'running', 'ready', 'failed', 'expired')) not null default 'queued', "storage_key" varchar(255) null, "bytes" bigint null, "error" text null, "created_at" timestamptz not null, "finished_at" timestamptz null, "expires_at" timestamptz null, constraint "user_exports_pkey" primary key ("id"));`);
    this.addSql(`create index "user_exports_user_created_idx" on "user_exports" ("user_id", "created_at");`);

    this.addSql(`alter table "user_exports" add constraint "user_exports_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "users" add column "deletion_requested_at" timestamptz null, add column "deletion_due_at" timestamptz null;`);
    this.addSql(`create index "users_deletion_due_at_idx" on "users" ("deletion_due_at");`);

    this.addSql(`alter table "replay_ownerships" add column "counts" boolean not null default false, add column "count_override" boolean not null default false;`);
    // Before exclusions existed, every ownership with a player key counted.
    this.addSql(`update "replay_ownerships" set "counts" = true where "player_key" is not null;`);

    this.addSql(`alter table "player_claims" add column "excluded" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "user_exports" cascade;`);

    this.addSql(`alter table "player_claims" drop column "excluded";`);

    this.addSql(`alter table "replay_ownerships" drop column "counts", drop column "count_override";`);

    this.addSql(`drop index "users_deletion_due_at_idx";`);
    this.addSql(`alter table "users" drop column "deletion_requested_at", drop column "deletion_due_at";`);
  }

}
