import type { StaffRole } from '@certhub/domain/staff';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../modules/user/password.js';
import { UserEntity } from '../modules/user/user.entity.js';

/** A staff account written straight to the database, as an operator's CLI would. */
export async function createStaffUser(
  dataSource: DataSource,
  {
    email,
    role,
    password,
    mustChangePassword = false,
  }: { email: string; role: StaffRole; password: string; mustChangePassword?: boolean },
): Promise<UserEntity> {
  return dataSource.getRepository(UserEntity).save({
    email,
    displayName: email.split('@')[0] ?? email,
    role,
    passwordHash: await hashPassword(password),
    mustChangePassword,
  });
}
