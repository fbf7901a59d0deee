import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '@certhub/domain/staff';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { type SessionService } from '../../platform/session/session.service.js';
import { apiError, badUserInput, ErrorCode } from '../../shared/errors.js';
import type { Actor, RequestInfo } from '../../shared/request-context.js';
import { recordChange } from '../change/record-change.js';
import { assertAcceptablePassword, hashPassword, verifyAgainstDecoy, verifyPassword } from '../user/password.js';
import { UserEntity } from '../user/user.entity.js';
import type { UserService } from '../user/user.service.js';
import type { LoginThrottle } from './login-throttle.js';

/** One answer for an unknown email and a wrong password: it must not reveal who has an account. */
const WRONG_CREDENTIALS = 'Email or password is incorrect.';

/** How sign-in checks a password: argon2 against the account's hash, or a decoy's when there is no account. */
export interface PasswordVerifier {
  verify(hash: string, password: string): Promise<boolean>;
  verifyDecoy(password: string): Promise<false>;
}

const ARGON2_VERIFIER: PasswordVerifier = { verify: verifyPassword, verifyDecoy: verifyAgainstDecoy };

export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly users: UserService,
    private readonly throttle: LoginThrottle,
    private readonly verifier: PasswordVerifier = ARGON2_VERIFIER,
  ) {}

  async login(
    email: string,
    password: string,
    request: RequestInfo,
  ): Promise<{ user: UserEntity; token: string; expiresAt: Date }> {
    const normalized = normalizeEmail(email);
    // Counted as a failure before the check, so parallel guesses cannot all reach it.
    await this.throttle.beforeAttempt(normalized, request.ip);
    const user = await this.users.findByEmail(normalized);
    const valid = user ? await this.verifier.verify(user.passwordHash, password) : await this.verifier.verifyDecoy(password);
    if (!user || !valid) {
      await this.auditFailedLogin(request, user);
      throw apiError(ErrorCode.UNAUTHENTICATED, WRONG_CREDENTIALS);
    }
    if (user.disabled) {
      await this.throttle.succeeded(normalized, request.ip, { keepAccount: true });
      throw apiError(ErrorCode.FORBIDDEN, 'This account is disabled. Ask an admin to enable it.');
    }
    await this.throttle.succeeded(normalized, request.ip);
    return inTransaction(this.dataSource, async (manager) => {
      const { token, expiresAt } = await this.sessions.start(manager, user.id, request);
      const lastLoginAt = new Date();
      await manager.update(UserEntity, user.id, { lastLoginAt });
      await recordChange(manager, { audit: [this.event(request, user, 'login', `${user.email} signed in`)] });
      return { user: { ...user, lastLoginAt } as UserEntity, token, expiresAt };
    });
  }

  async logout(actor: Actor, request: RequestInfo): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await this.sessions.end(manager, actor.sessionId);
      await recordChange(manager, { audit: [this.event(request, actor.user, 'logout', `${actor.user.email} signed out`)] });
    });
  }

  /** A user replaces their own password; other sessions of theirs end. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, request: RequestInfo): Promise<UserEntity> {
    if (!(await verifyPassword(actor.user.passwordHash, currentPassword))) {
      throw badUserInput('Your current password is not right.', 'currentPassword');
    }
    if (newPassword === currentPassword) throw badUserInput('Choose a password different from the current one.', 'newPassword');
    assertAcceptablePassword(newPassword, actor.user.email, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    return inTransaction(this.dataSource, async (manager) => {
      await manager.update(UserEntity, actor.user.id, {
        passwordHash,
        mustChangePassword: false,
        version: actor.user.version + 1,
      });
      await this.sessions.endAllFor(manager, actor.user.id, actor.sessionId);
      await recordChange(manager, {
        audit: [this.event(request, actor.user, 'password-changed', `${actor.user.email} changed their password`)],
      });
      return this.users.get(manager, actor.user.id);
    });
  }

  /** An event about `subject`'s account, made by `subject` unless `anonymous` (a failed sign-in). */
  private event(request: RequestInfo, subject: UserEntity | null, action: string, summary: string, anonymous = false) {
    return {
      batchId: randomUUID(),
      actor: anonymous || !subject ? 'anonymous' : subject.email,
      actorId: anonymous || !subject ? null : subject.id,
      requestId: request.requestId,
      entityType: 'User',
      entityId: subject ? String(subject.id) : '-',
      action,
      summary,
      changes: null,
    };
  }

  private async auditFailedLogin(request: RequestInfo, user: UserEntity | null): Promise<void> {
    const summary = user ? `Failed sign-in for ${user.email}` : 'Failed sign-in for an unknown address';
    await inTransaction(this.dataSource, (manager) =>
      recordChange(manager, { audit: [this.event(request, user, 'login-failed', summary, true)] }),
    );
  }
}
