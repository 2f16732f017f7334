// `npm run -s rlcoach -- admin grant|revoke <email|userId>` (or `npm run -s -w db admin -- …`):
// make a user an operator (role admin: the ops page and /admin/queues), or a player again. Applies
// at once: web and realtime read the role on every check. DATABASE_URL names the database.
import { createOrm } from '../orm.js';
import { setRole } from '../repositories/ops-repository.js';

const USAGE = 'usage: admin grant|revoke <email|userId>';

export async function runAdminCommand(args: string[]): Promise<number> {
  const [action, who] = args;
  if ((action !== 'grant' && action !== 'revoke') || !who) {
    console.error(USAGE);
    return 2;
  }
  const orm = await createOrm();
  try {
    const user = await setRole(orm.em.fork(), who, action === 'grant' ? 'admin' : 'player');
    if (!user) {
      console.error(`no user with id or email "${who}"`);
      return 1;
    }
    console.log(
      `${user.displayName} (${user.email ?? user.id}) is now ${action === 'grant' ? 'an admin' : 'a player'}`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

process.exitCode = await runAdminCommand(process.argv.slice(2));
