import { Migration } from '@mikro-orm/migrations';

export class Migration20261206001041_match_guid_hint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "replays" drop constraint "replays_match_guid_unique";`);

    this.addSql(`alter table "replays" add column "match_fingerprint" varchar(64) null;`);
    this.addSql(`create index "replays_match_guid_idx" on "replays" ("match_guid");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "replays_match_guid_idx";`);
    this.addSql(`alter table "replays" drop column "match_fingerprint";`);

    this.addSql(`alter table "replays" add constraint "replays_match_guid_unique" unique ("match_guid");`);
  }

}
