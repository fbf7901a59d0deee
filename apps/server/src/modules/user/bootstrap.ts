import { StaffRole } from '@certhub/domain/staff';
import { GraphQLError } from 'graphql';
import { type Config, ConfigError } from '../../config.js';
import type { UserService } from './user.service.js';

export const SYSTEM_ACTOR = { actor: 'system', actorId: null, requestId: null } as const;
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * Makes sure a new installation ends with a way in: the admin from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * else `admin@localhost` with a one-time password to print once (never silently in production).
 * Answers the lines to print, or null when staff accounts exist already.
 */
export async function ensureFirstAdmin(users: UserService, config: Pick<Config, 'admin' | 'allowOneTimeAdminPassword'>) {
  if ((await users.count()) > 0) return null;
  if (config.admin) {
    const { email, password } = config.admin;
    const { user } = await users
      .create({ email, displayName: 'Administrator', role: StaffRole.ADMIN, password }, SYSTEM_ACTOR)
      .catch((error: unknown) => {
        if (error instanceof GraphQLError)
          throw new ConfigError(`CertHub cannot start: ADMIN_PASSWORD is not acceptable. ${error.message}`);
        throw error;
      });
    return [`Created the first admin, ${user.email}, from ADMIN_EMAIL and ADMIN_PASSWORD.`];
  }
  if (!config.allowOneTimeAdminPassword) {
    throw new ConfigError(
      'CertHub cannot start: there is no staff account yet. Set ADMIN_EMAIL and ADMIN_PASSWORD for the first admin ' +
        '(or ALLOW_ONE_TIME_ADMIN_PASSWORD=true to print a one-time password once).',
    );
  }
  const { oneTimePassword } = await users.create(
    { email: DEFAULT_ADMIN_EMAIL, displayName: 'Administrator', role: StaffRole.ADMIN },
    SYSTEM_ACTOR,
  );
  return [
    'No staff account existed, so one was created. Sign in with:',
    `    email     ${DEFAULT_ADMIN_EMAIL}`,
    `    password  ${oneTimePassword}   (one-time: you will choose your own at first sign-in; shown only now)`,
  ];
}
