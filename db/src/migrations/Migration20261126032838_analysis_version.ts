import { Migration } from '@mikro-orm/migrations';

export class Migration20261126032838_analysis_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "replays" add column "analysis_version" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "replays" drop column "analysis_version";`);
  }

}
