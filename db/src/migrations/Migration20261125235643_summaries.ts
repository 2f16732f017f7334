import { Migration } from '@mikro-orm/migrations';

export class Migration20261125235643_summaries extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "replay_summaries" ("user_id" uuid not null, "replay_id" uuid not null, "played_at" timestamptz null, "date_local" varchar(32) null, "played_at_zoned" boolean not null default false, "map_code" varchar(64) null, "map_name" varchar(96) not null, "playlist" varchar(64) null, "team_size" smallint null, "duration_seconds" double precision null, "blue_goals" smallint null, "orange_goals" smallint null, "has_report" boolean not null default false, "source_result_at" timestamptz null, "player_key" varchar(80) null, "counted" boolean not null default false, "player_name" varchar(64) null, "team" text check ("team" in ('blue', 'orange')) null, "result" text check ("result" in ('win', 'loss', 'draw')) null, "goals" int null, "assists" int null, "saves" int null, "shots" int null, "demos" int null, "score" int null, "bcpm" double precision null, "avg_speed" double precision null, "time_supersonic" double precision null, "percent_supersonic" double precision null, "percent_defensive_third" double precision null, "percent_neutral_third" double precision null, "percent_offensive_third" double precision null, "me" jsonb null, "session_id" varchar(16) null, "updated_at" timestamptz not null, constraint "replay_summaries_pkey" primary key ("user_id", "replay_id"));`);
    this.addSql(`create index "replay_summaries_user_played_idx" on "replay_summaries" ("user_id", "played_at");`);
    this.addSql(`create index "replay_summaries_replay_idx" on "replay_summaries" ("replay_id");`);
    this.addSql(`create index "replay_summaries_user_session_idx" on "replay_summaries" ("user_id", "session_id");`);

    this.addSql(`create table "play_sessions" ("user_id" uuid not null, "id" varchar(16) not null, "started_at" timestamptz not null, "ended_at" timestamptz not null, "games" int not null, "wins" int not null, "losses" int not null, "draws" int not null, "gap_minutes" int not null, "updated_at" timestamptz not null, constraint "play_sessions_pkey" primary key ("user_id", "id"));`);
    this.addSql(`create index "play_sessions_user_started_idx" on "play_sessions" ("user_id", "started_at");`);

    this.addSql(`alter table "replay_summaries" add constraint "replay_summaries_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "replay_summaries" add constraint "replay_summaries_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "play_sessions" add constraint "play_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "replay_summaries" cascade;`);

    this.addSql(`drop table if exists "play_sessions" cascade;`);
  }

}
