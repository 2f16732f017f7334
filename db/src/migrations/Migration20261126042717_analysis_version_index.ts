import { Migration } from '@mikro-orm/migrations';

export class Migration20261126042717_analysis_version_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "replays_analysis_version_idx" on "replays" ("analysis_version");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "replays_analysis_version_idx";`);
  }

}
