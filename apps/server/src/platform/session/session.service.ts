import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie } from 'cookie';
import type { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '../../modules/user/user.entity.js';
import { SessionEntity } from './session.entity.js';

export const SESSION_COOKIE = 'certhub_session';

/**
 * The staff session cookie's name, for every place that sets or reads it (HTTP and the websocket
 * upgrade). Where cookies are Secure (production) it carries the `__Host-` prefix: browsers then
 * take it only if Secure, with Path=/ and no Domain, so a page on a sibling subdomain or over
 * plain http cannot plant a session of its choosing (session fixation) or shadow this one.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** The session token a request's `Cookie` header carries, if any. */
export function sessionTokenOf(cookieHeader: string | undefined, secure: boolean): string | undefined {
  return parseCookie(cookieHeader ?? '')[sessionCookieName(secure)];
}

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteTimeoutMs: number;
}

/** How stale `last_seen_at` may get before a request refreshes it: saves a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    readonly policy: SessionPolicy,
  ) {}

  /** Opens a session and returns the token for the cookie; only its hash is stored. */
  async start(
    manager: EntityManager,
    userId: number,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.policy.absoluteTimeoutMs);
    await manager.insert(SessionEntity, {
      id: hashToken(token),
      userId,
      lastSeenAt: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    return { token, expiresAt };
  }

  /**
   * The signed-in user behind a cookie's token, or null when the session ended (signed out,
   * expired, idle too long) or the user was disabled since.
   */
  async resolve(token: string): Promise<{ sessionId: string; user: UserEntity } | null> {
    const sessionId = hashToken(token);
    const session = await this.dataSource.getRepository(SessionEntity).findOne({
      where: { id: sessionId },
      relations: { user: true },
    });
    const now = Date.now();
    if (!session?.user || session.user.disabled) return null;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.policy.idleTimeoutMs <= now) {
      await this.dataSource.getRepository(SessionEntity).delete({ id: sessionId });
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.dataSource.getRepository(SessionEntity).update({ id: sessionId }, { lastSeenAt: new Date(now) });
    }
    return { sessionId, user: session.user };
  }

  /**
   * Whether a session still stands (not ended, expired or idle too long, its user not disabled).
   * Unlike `resolve`, not a use of it: an open subscription does not keep a session alive.
   */
  async isActive(sessionId: string): Promise<boolean> {
    const session = await this.dataSource.getRepository(SessionEntity).findOne({
      where: { id: sessionId },
      relations: { user: true },
    });
    const now = Date.now();
    return Boolean(
      session?.user &&
        !session.user.disabled &&
        session.expiresAt.getTime() > now &&
        session.lastSeenAt.getTime() + this.policy.idleTimeoutMs > now,
    );
  }

  async end(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.delete(SessionEntity, { id: sessionId });
  }

  /** Signs a user out everywhere: after disabling, a password reset or a role change. */
  async endAllFor(manager: EntityManager, userId: number, exceptSessionId?: string): Promise<void> {
    const query = manager.createQueryBuilder().delete().from(SessionEntity).where('user_id = :userId', { userId });
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await query.execute();
  }

  /** Deletes sessions that can no longer be used. */
  async purgeExpired(): Promise<number> {
    const now = new Date();
    const idleSince = new Date(now.getTime() - this.policy.idleTimeoutMs);
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(SessionEntity)
      .where('expires_at <= :now OR last_seen_at <= :idleSince', { now, idleSince })
      .execute();
    return result.affected ?? 0;
  }
}
