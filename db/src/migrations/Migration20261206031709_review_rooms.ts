import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031709_review_rooms extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "review_rooms" ("id" uuid not null, "replay_id" uuid not null, "owner_id" uuid not null, "title" varchar(120) not null, "control_mode" text check ("control_mode" in ('driver', 'everyone')) not null default 'driver', "created_at" timestamptz not null, "closed_at" timestamptz null, constraint "review_rooms_pkey" primary key ("id"));`);
    this.addSql(`create index "review_rooms_replay_idx" on "review_rooms" ("replay_id");`);

    this.addSql(`create table "review_room_messages" ("id" uuid not null, "room_id" uuid not null, "author_id" uuid not null, "client_id" uuid not null, "text" text not null, "created_at" timestamptz not null, constraint "review_room_messages_pkey" primary key ("id"));`);
    this.addSql(`create index "review_room_messages_room_created_idx" on "review_room_messages" ("room_id", "created_at");`);
    this.addSql(`alter table "review_room_messages" add constraint "review_room_messages_client_uq" unique ("author_id", "client_id");`);

    this.addSql(`create table "review_room_members" ("room_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('owner', 'member', 'viewer')) not null, "joined_at" timestamptz not null, constraint "review_room_members_pkey" primary key ("room_id", "user_id"));`);
    this.addSql(`create index "review_room_members_user_idx" on "review_room_members" ("user_id");`);

    this.addSql(`create table "review_room_invites" ("id" uuid not null, "room_id" uuid not null, "role" text check ("role" in ('member', 'viewer')) not null, "created_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "review_room_invites_pkey" primary key ("id"));`);
    this.addSql(`create index "review_room_invites_room_idx" on "review_room_invites" ("room_id");`);

    this.addSql(`create table "replay_annotations" ("id" uuid not null, "replay_id" uuid not null, "room_id" uuid null, "author_id" uuid not null, "client_id" uuid not null, "time" double precision not null, "kind" text check ("kind" in ('note', 'arrow', 'circle', 'freehand')) not null, "text" text null, "points" jsonb not null, "created_at" timestamptz not null, constraint "replay_annotations_pkey" primary key ("id"));`);
    this.addSql(`create index "replay_annotations_replay_time_idx" on "replay_annotations" ("replay_id", "time");`);
    this.addSql(`alter table "replay_annotations" add constraint "replay_annotations_client_uq" unique ("author_id", "client_id");`);

    this.addSql(`alter table "review_rooms" add constraint "review_rooms_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_rooms" add constraint "review_rooms_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review_room_messages" add constraint "review_room_messages_room_id_foreign" foreign key ("room_id") references "review_rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_room_messages" add constraint "review_room_messages_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review_room_members" add constraint "review_room_members_room_id_foreign" foreign key ("room_id") references "review_rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_room_members" add constraint "review_room_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review_room_invites" add constraint "review_room_invites_room_id_foreign" foreign key ("room_id") references "review_rooms" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_room_invites" add constraint "review_room_invites_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "replay_annotations" add constraint "replay_annotations_replay_id_foreign" foreign key ("replay_id") references "replays" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "replay_annotations" add constraint "replay_annotations_room_id_foreign" foreign key ("room_id") references "review_rooms" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "replay_annotations" add constraint "replay_annotations_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "review_room_messages" drop constraint "review_room_messages_room_id_foreign";`);

    this.addSql(`alter table "review_room_members" drop constraint "review_room_members_room_id_foreign";`);

    this.addSql(`alter table "review_room_invites" drop constraint "review_room_invites_room_id_foreign";`);

    this.addSql(`alter table "replay_annotations" drop constraint "replay_annotations_room_id_foreign";`);

    this.addSql(`drop table if exists "review_rooms" cascade;`);

    this.addSql(`drop table if exists "review_room_messages" cascade;`);

    this.addSql(`drop table if exists "review_room_members" cascade;`);

    this.addSql(`drop table if exists "review_room_invites" cascade;`);

    this.addSql(`drop table if exists "replay_annotations" cascade;`);
  }

}
