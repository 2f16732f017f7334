import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031755_coach extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "coach_notes" ("id" uuid not null, "user_id" uuid not null, "text" text not null, "source" text check ("source" in ('coach', 'player')) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "coach_notes_pkey" primary key ("id"));`);
    this.addSql(`create index "coach_notes_user_updated_idx" on "coach_notes" ("user_id", "updated_at");`);

    this.addSql(`create table "coach_conversations" ("id" uuid not null, "user_id" uuid not null, "title" varchar(120) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "coach_conversations_pkey" primary key ("id"));`);
    this.addSql(`create index "coach_conversations_user_updated_idx" on "coach_conversations" ("user_id", "updated_at");`);

    this.addSql(`create table "coach_messages" ("id" uuid not null, "conversation_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('user', 'assistant')) not null, "status" text check ("status" in ('streaming', 'complete', 'partial', 'failed')) not null, "mode" text check ("mode" in ('chat', 'review-session')) not null, "text" text not null default '', "tool_calls" jsonb null, "usage" jsonb null, "reason" text null, "preview" boolean not null default false, "last_seq" int null, "created_at" timestamptz not null, "finished_at" timestamptz null, constraint "coach_messages_pkey" primary key ("id"));`);
    this.addSql(`create index "coach_messages_conversation_created_idx" on "coach_messages" ("conversation_id", "created_at");`);
    this.addSql(`create index "coach_messages_user_created_idx" on "coach_messages" ("user_id", "created_at");`);

    this.addSql(`create table "coach_reservations" ("id" uuid not null, "user_id" uuid not null, "period_start" timestamptz not null, "message_id" uuid null, "reserved_tokens" int not null, "used_tokens" int null, "created_at" timestamptz not null, "settled_at" timestamptz null, constraint "coach_reservations_pkey" primary key ("id"));`);
    this.addSql(`create index "coach_reservations_message_idx" on "coach_reservations" ("message_id");`);
    this.addSql(`create index "coach_reservations_open_idx" on "coach_reservations" ("settled_at", "created_at");`);

    this.addSql(`create table "coach_budgets" ("user_id" uuid not null, "period_start" timestamptz not null, "used_tokens" bigint not null default 0, "reserved_tokens" bigint not null default 0, "updated_at" timestamptz not null, constraint "coach_budgets_pkey" primary key ("user_id", "period_start"));`);

    this.addSql(`alter table "coach_notes" add constraint "coach_notes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "coach_conversations" add constraint "coach_conversations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "coach_messages" add constraint "coach_messages_conversation_id_foreign" foreign key ("conversation_id") references "coach_conversations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "coach_messages" add constraint "coach_messages_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "coach_reservations" add constraint "coach_reservations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "coach_reservations" add constraint "coach_reservations_message_id_foreign" foreign key ("message_id") references "coach_messages" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "coach_budgets" add constraint "coach_budgets_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "coach_messages" drop constraint "coach_messages_conversation_id_foreign";`);

    this.addSql(`alter table "coach_reservations" drop constraint "coach_reservations_message_id_foreign";`);

    this.addSql(`drop table if exists "coach_notes" cascade;`);

    this.addSql(`drop table if exists "coach_conversations" cascade;`);

    this.addSql(`drop table if exists "coach_messages" cascade;`);

    this.addSql(`drop table if exists "coach_reservations" cascade;`);

    this.addSql(`drop table if exists "coach_budgets" cascade;`);
  }

}
