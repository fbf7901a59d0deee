import { StaffRole } from '@certhub/domain/staff';
import { InputType, ObjectType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { VersionedEditInput } from '../change/change.inputs.js';
import { UserEntity } from './user.entity.js';

@InputType('CreateUserInput', { description: 'A new staff account.' })
export class CreateUserInput {
  @NonNull(() => String, 'The address the staff member signs in with; one account per address.') email!: string;
  @NonNull(() => String, 'The name shown for the staff member.') displayName!: string;
  @NonNull(() => StaffRole, 'What the staff member may do.') role!: StaffRole;
  @Nullable(() => String, 'Omit it to get a one-time password the user must change.') password?: string | null;
}

@InputType('UpdateUserInput', { description: 'Changes to a staff account. Omitted fields are kept.' })
export class UpdateUserInput extends VersionedEditInput('userId', 'The staff account to change.') {
  @Nullable(() => String, 'The new display name.') displayName?: string | null;
  @Nullable(() => StaffRole, 'The new role.') role?: StaffRole | null;
  @Nullable(() => Boolean, 'Disabling signs the user out everywhere at once.') disabled?: boolean | null;
}

@ObjectType('UserWithPassword', { description: 'A staff account and the one-time password to hand to its owner.' })
export class UserWithPasswordPayload {
  @NonNull(() => UserEntity, 'The staff account.') user!: UserEntity;
  @Nullable(() => String, 'Shown once; the user must replace it at first sign-in.') oneTimePassword!: string | null;
}
