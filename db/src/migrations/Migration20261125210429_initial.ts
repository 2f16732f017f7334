import { Migration } from '@mikro-orm/migrations';

export class Migration20261125210429_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "replays" ("id" uuid not null, "file_sha256" varchar(64) not null, "match_guid" varchar(64) null, "storage_key" varchar(160) not null, "size_bytes" int not null, "status" text check ("status" in ('queued', 'processing', 'analysed', 'partial', 'failed')) not null default 'queued', "stage" text check ("stage" in ('queued', 'parsing', 'analysing', 'saving', 'done', 'failed')) not null default 'queued', "error" text null, "error_code" varchar(64) null, "header" jsonb not null, "played_at" timestamptz null, "map_code" varchar(64) null, "attempts" int not null default 0, "queued_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "parse_ms" int null, "analyse_ms" int null, "parser_version" varchar(32) null, "created_at" timestamptz not null, constraint "replays_pkey" primary key ("id"));`);
    this.addSql(`alter table "replays" add constraint "replays_file_sha256_unique" unique ("file_sha256");`);
    this.addSql(`alter table "replays" add constraint "replays_match_guid_unique" unique ("match_guid");`);
    this.addSql(`create index "replays_status_queued_at_idx" on "replays" ("status", "queued_at");`);

    this.addSql(`create table "replay_results" ("replay_id" uuid not null, "scoreboard" jsonb not null, "report" jsonb null, "network" jsonb not null, "frames_decoded" int not null, "frames_total" int not null, "created_at" timestamptz not null, constraint "replay_results_pkey" primary key ("replay_id"));`);

    this.addSql(`create table "users" ("id" uuid not null, "display_name" varchar(64) not null, "kind" text check ("kind" in ('guest', 'demo', 'member')) not null, "created_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);

    this.addSql(`create table "upload_batches" ("id" uuid not null, "user_id" uuid not null, "file_count" int not null, "created_at" timestamptz not null, constraint "upload_batches_pkey" primary key ("id"));`);
    this.addSql(`create index "upload_batches_user_created_idx" on "upload_batches" ("user_id", "created_at");`);

    this.addSql(`create table "upload_items" ("id" uuid not null, "batch_id" uuid not null, "file_name" varchar(255) not null, "size_bytes" int not null, "outcome" text check ("outcome" in ('accepted', 'duplicate', 'rejected')) not null, "error_code" varchar(64) null, "error_message" text null, "replay_id" uuid null, "created_at" timestamptz not null, constraint "upload_items_pkey" primary key ("id"));`);
    this.addSql(`create index "upload_items_batch_id_idx" on "upload_items" ("batch_id");`);
    this.addSql(`create index "upload_items_replay_id_idx" on "upload_items" ("replay_id");`);

    this.addSql(`create table "replay_ownerships" ("user_id" uuid not null, "replay_id" uuid not null, "created_at" timestamptz not null, constraint "replay_ownerships_pkey" primary key ("user_id", "replay_id"));`);
    this.addSql(`create index "replay_ownerships_replay_id_idx" on "replay_ownerships" ("replay_id");`);

    this.addSql(`alter table "replay_results" add constraint "replay_results_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "upload_batches" add constraint "upload_batches_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "upload_items" add constraint "upload_items_batch_id_foreign" foreign key ("batch_id") references "upload_batches" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "upload_items" add constraint "upload_items_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "replay_ownerships" add constraint "replay_ownerships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "replay_ownerships" add constraint "replay_ownerships_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "replay_results" drop constraint "replay_results_replay_id_foreign";`);

    this.addSql(`alter table "upload_items" drop constraint "upload_items_replay_id_foreign";`);

    this.addSql(`alter table "replay_ownerships" drop constraint "replay_ownerships_replay_id_foreign";`);

    this.addSql(`alter table "upload_batches" drop constraint "upload_batches_user_id_foreign";`);

    this.addSql(`alter table "replay_ownerships" drop constraint "replay_ownerships_user_id_foreign";`);

    this.addSql(`alter table "upload_items" drop constraint "upload_items_batch_id_foreign";`);

    this.addSql(`drop table if exists "replays" cascade;`);

    this.addSql(`drop table if exists "replay_results" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "upload_batches" cascade;`);

    this.addSql(`drop table if exists "upload_items" cascade;`);

    this.addSql(`drop table if exists "replay_ownerships" cascade;`);
  }

}
