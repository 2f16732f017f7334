import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031021_user_role_plan_grant extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "role" text check ("role" in ('player', 'admin')) not null default 'player', add column "plan_grant" text check ("plan_grant" in ('pro')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "role", drop column "plan_grant";`);
  }

}
