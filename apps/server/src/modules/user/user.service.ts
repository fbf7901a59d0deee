import { randomUUID } from 'node:crypto';
import { NewStaffUser, normalizeEmail, type StaffRole, StaffUserChanges } from '@certhub/domain/staff';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { type SessionService } from '../../platform/session/session.service.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { updateAtVersion } from '../../shared/optimistic-update.js';
import type { AuditActor } from '../../shared/request-context.js';
import { validInput } from '../../shared/validation.js';
import { fieldChanges } from '../audit/audit.service.js';
import { recordChange } from '../change/record-change.js';
import { assertAcceptablePassword, generateOneTimePassword, hashPassword } from './password.js';
import { UserEntity } from './user.entity.js';

export interface NewUser {
  email: string;
  displayName: string;
  role: StaffRole;
  /** Omitted: a one-time password is generated, returned once, and must be changed at first sign-in. */
  password?: string | null;
}

export interface UserChanges {
  displayName?: string | null;
  role?: StaffRole | null;
  disabled?: boolean | null;
}

const publicUser = (user: UserEntity) => ({
  email: user.email,
  displayName: user.displayName,
  role: user.role,
  disabled: user.disabled,
  version: user.version,
});

export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email: normalizeEmail(email) });
  }

  list(): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ order: { email: 'ASC' } });
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(UserEntity).count();
  }

  /** Creates a staff account; answers the one-time password when none was given. */
  async create(input: NewUser, by: AuditActor): Promise<{ user: UserEntity; oneTimePassword: string | null }> {
    const { email, displayName } = validInput(NewStaffUser, input);
    const oneTimePassword = input.password ? null : generateOneTimePassword();
    const password = input.password ?? (oneTimePassword as string);
    if (input.password) assertAcceptablePassword(input.password, email, 'input.password');
    const passwordHash = await hashPassword(password);
    const user = await inTransaction(this.dataSource, async (manager) => {
      if (await manager.existsBy(UserEntity, { email }))
        throw conflict('A staff account with this email exists already.', { field: 'input.email' });
      const created = await manager.save(
        manager.create(UserEntity, {
          email,
          displayName,
          role: input.role,
          passwordHash,
          mustChangePassword: oneTimePassword !== null,
        }),
      );
      await recordChange(manager, {
        audit: [
          {
            ...by,
            batchId: randomUUID(),
            entityType: 'User',
            entityId: String(created.id),
            action: 'user-created',
            summary: `Created staff account ${email} (${input.role})`,
            changes: {
              email: { from: null, to: email },
              role: { from: null, to: input.role },
              displayName: { from: null, to: displayName },
            },
          },
        ],
      });
      return created;
    });
    return { user, oneTimePassword };
  }

  /** Changes name, role or access; disabling signs the user out everywhere at once. */
  async update(userId: number, expectedVersion: number, changes: UserChanges, by: AuditActor): Promise<UserEntity> {
    const fields: Partial<UserEntity> = validInput(StaffUserChanges, changes);
    if (by.actorId === userId && (fields.disabled || (fields.role && fields.role !== 'ADMIN'))) {
      throw badUserInput('You cannot disable yourself or give up your own admin role; ask another admin.', 'input.userId');
    }
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.get(manager, userId);
      const after = await updateAtVersion(manager, UserEntity, userId, expectedVersion, fields, {
        typeName: 'staff account',
        toPublic: publicUser,
      });
      if (after.disabled) await this.sessions.endAllFor(manager, userId);
      const changed = fieldChanges(publicUser(before), publicUser(after), ['displayName', 'role', 'disabled']);
      if (Object.keys(changed).length) {
        await recordChange(manager, {
          audit: [
            {
              ...by,
              batchId: randomUUID(),
              entityType: 'User',
              entityId: String(userId),
              action: after.disabled && !before.disabled ? 'user-disabled' : 'user-updated',
              summary: `Updated staff account ${after.email}: ${Object.keys(changed).join(', ')}`,
              changes: changed,
            },
          ],
        });
      }
      return after;
    });
  }

  /** Replaces a user's password with a one-time one and signs them out everywhere. */
  async resetPassword(userId: number, by: AuditActor): Promise<{ user: UserEntity; oneTimePassword: string }> {
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const user = await inTransaction(this.dataSource, async (manager) => {
      const current = await this.get(manager, userId);
      await manager.update(UserEntity, userId, { passwordHash, mustChangePassword: true, version: current.version + 1 });
      await this.sessions.endAllFor(manager, userId);
      await recordChange(manager, {
        audit: [
          {
            ...by,
            batchId: randomUUID(),
            entityType: 'User',
            entityId: String(userId),
            action: 'password-reset',
            summary: `Reset the password of ${current.email}`,
            changes: null,
          },
        ],
      });
      return this.get(manager, userId);
    });
    return { user, oneTimePassword };
  }

  async get(manager: EntityManager, userId: number): Promise<UserEntity> {
    const user = await manager.findOneBy(UserEntity, { id: userId });
    if (!user) throw notFound('No staff account has this id.', 'userId');
    return user;
  }
}
