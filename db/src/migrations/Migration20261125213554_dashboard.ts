import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213554_dashboard extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "replay_tracks" ("replay_id" uuid not null, "data" bytea not null, "hz" int not null, "sample_count" int not null, "created_at" timestamptz not null, constraint "replay_tracks_pkey" primary key ("replay_id"));`);

    this.addSql(`create table "player_claims" ("user_id" uuid not null, "player_key" varchar(128) not null, "replay_id" uuid not null, "created_at" timestamptz not null, constraint "player_claims_pkey" primary key ("user_id", "player_key"));`);

    this.addSql(`create table "user_preferences" ("user_id" uuid not null, "session_gap_minutes" int not null default 30, "time_zone" varchar(64) not null default 'UTC', "ranks" jsonb not null default '{}', "updated_at" timestamptz not null, constraint "user_preferences_pkey" primary key ("user_id"));`);

    this.addSql(`alter table "replay_tracks" add constraint "replay_tracks_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "player_claims" add constraint "player_claims_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "user_preferences" add constraint "user_preferences_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "replay_tracks" cascade;`);

    this.addSql(`drop table if exists "player_claims" cascade;`);

    this.addSql(`drop table if exists "user_preferences" cascade;`);
  }

}
