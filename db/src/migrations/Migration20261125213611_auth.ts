import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213611_auth extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sessions" ("id" uuid not null, "session_token" varchar(255) not null, "user_id" uuid not null, "expires" timestamptz not null, "created_at" timestamptz not null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`alter table "sessions" add constraint "sessions_session_token_unique" unique ("session_token");`);
    this.addSql(`create index "sessions_user_id_idx" on "sessions" ("user_id");`);

    this.addSql(`create table "accounts" ("id" uuid not null, "user_id" uuid not null, "type" varchar(16) not null, "provider" varchar(32) not null, "provider_account_id" varchar(255) not null, "refresh_token" text null, "access_token" text null, "expires_at" bigint null, "token_type" varchar(64) null, "scope" text null, "id_token" text null, "session_state" text null, "created_at" timestamptz not null, constraint "accounts_pkey" primary key ("id"));`);
    this.addSql(`create index "accounts_user_id_idx" on "accounts" ("user_id");`);
    this.addSql(`alter table "accounts" add constraint "accounts_provider_account_unique" unique ("provider", "provider_account_id");`);

    this.addSql(`create table "verification_tokens" ("identifier" varchar(255) not null, "token" varchar(255) not null, "expires" timestamptz not null, constraint "verification_tokens_pkey" primary key ("identifier", "token"));`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "accounts" add constraint "accounts_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "users" add column "email" varchar(320) null, add column "email_verified" timestamptz null, add column "image" text null, add column "terms_accepted_at" timestamptz null;`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`alter table "replay_ownerships" add column "player_key" varchar(80) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "accounts" cascade;`);

    this.addSql(`drop table if exists "verification_tokens" cascade;`);

    this.addSql(`alter table "replay_ownerships" drop column "player_key";`);

    this.addSql(`alter table "users" drop constraint "users_email_unique";`);
    this.addSql(`alter table "users" drop column "email", drop column "email_verified", drop column "image", drop column "terms_accepted_at";`);
  }

}
