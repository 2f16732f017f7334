import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031630_billing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "stripe_webhook_events" ("id" varchar(255) not null, "type" varchar(100) not null, "stripe_created_at" timestamptz not null, "processed_at" timestamptz not null, constraint "stripe_webhook_events_pkey" primary key ("id"));`);

    this.addSql(`create table "billing_subscriptions" ("stripe_subscription_id" varchar(255) not null, "user_id" uuid not null, "stripe_customer_id" varchar(255) not null, "status" varchar(32) not null, "price_id" varchar(255) null, "current_period_end" timestamptz null, "cancel_at_period_end" boolean not null default false, "past_due_since" timestamptz null, "ended_at" timestamptz null, "synced_at" timestamptz not null, constraint "billing_subscriptions_pkey" primary key ("stripe_subscription_id"));`);
    this.addSql(`create index "billing_subscriptions_user_idx" on "billing_subscriptions" ("user_id");`);

    this.addSql(`create table "billing_invoices" ("stripe_invoice_id" varchar(255) not null, "user_id" uuid not null, "stripe_subscription_id" varchar(255) null, "status" varchar(32) not null, "amount_due" int not null, "amount_paid" int not null, "currency" varchar(3) not null, "period_start" timestamptz null, "period_end" timestamptz null, "created_at" timestamptz not null, "hosted_invoice_url" text null, constraint "billing_invoices_pkey" primary key ("stripe_invoice_id"));`);
    this.addSql(`create index "billing_invoices_user_created_idx" on "billing_invoices" ("user_id", "created_at");`);

    this.addSql(`create table "billing_customers" ("stripe_customer_id" varchar(255) not null, "user_id" uuid not null, "created_at" timestamptz not null, constraint "billing_customers_pkey" primary key ("stripe_customer_id"));`);
    this.addSql(`alter table "billing_customers" add constraint "billing_customers_user_unique" unique ("user_id");`);

    this.addSql(`alter table "billing_subscriptions" add constraint "billing_subscriptions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "billing_invoices" add constraint "billing_invoices_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "billing_customers" add constraint "billing_customers_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stripe_webhook_events" cascade;`);

    this.addSql(`drop table if exists "billing_subscriptions" cascade;`);

    this.addSql(`drop table if exists "billing_invoices" cascade;`);

    this.addSql(`drop table if exists "billing_customers" cascade;`);
  }

}
