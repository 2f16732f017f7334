import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export const UserKind = { Guest: 'guest', Demo: 'demo', Member: 'member' } as const;
export type UserKind = (typeof UserKind)[keyof typeof UserKind];

export class User {
  id: string = randomUUID();
  displayName!: string;
  kind!: UserKind;
  createdAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    displayName: { type: 'string', length: 64 },
    kind: { enum: true, items: () => Object.values(UserKind) },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
