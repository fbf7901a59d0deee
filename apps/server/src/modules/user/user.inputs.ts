import { StaffRole } from '@certhub/domain/staff';
import { Field, InputType, ObjectType } from 'type-graphql';
import { VersionedEditInput } from '../change/change.inputs.js';
import { UserEntity } from './user.entity.js';

@InputType('CreateUserInput', { description: 'A new staff account.' })
export class CreateUserInput {
  @Field(() => String, { description: 'The address the staff member signs in with; one account per address.' })
  email!: string;

  @Field(() => String, { description: 'The name shown for the staff member.' })
  displayName!: string;

  @Field(() => StaffRole, { description: 'What the staff member may do.' })
  role!: StaffRole;

  @Field(() => String, { nullable: true, description: 'Omit it to get a one-time password the user must change.' })
  password?: string | null;
}

@InputType('UpdateUserInput', { description: 'Changes to a staff account. Omitted fields are kept.' })
export class UpdateUserInput extends VersionedEditInput('userId', 'The staff account to change.') {
  @Field(() => String, { nullable: true, description: 'The new display name.' })
  displayName?: string | null;

  @Field(() => StaffRole, { nullable: true, description: 'The new role.' })
  role?: StaffRole | null;

  @Field(() => Boolean, { nullable: true, description: 'Disabling signs the user out everywhere at once.' })
  disabled?: boolean | null;
}

@ObjectType('UserWithPassword', { description: 'A staff account and the one-time password to hand to its owner.' })
export class UserWithPasswordPayload {
  @Field(() => UserEntity, { description: 'The staff account.' })
  user!: UserEntity;

  @Field(() => String, { nullable: true, description: 'Shown once; the user must replace it at first sign-in.' })
  oneTimePassword!: string | null;
}
