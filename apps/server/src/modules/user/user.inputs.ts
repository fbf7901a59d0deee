import { StaffRole } from '@certhub/domain/staff';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserEntity } from './user.entity.js';

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => StaffRole)
  role!: StaffRole;

  @Field(() => String, { nullable: true, description: 'Omit it to get a one-time password the user must change.' })
  password?: string | null;
}

@InputType('UpdateUserInput')
export class UpdateUserInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => StaffRole, { nullable: true })
  role?: StaffRole | null;

  @Field(() => Boolean, { nullable: true, description: 'Disabling signs the user out everywhere at once.' })
  disabled?: boolean | null;
}

@ObjectType('UserWithPassword', { description: 'A staff account and the one-time password to hand to its owner.' })
export class UserWithPasswordPayload {
  @Field(() => UserEntity)
  user!: UserEntity;

  @Field(() => String, { nullable: true, description: 'Shown once; the user must replace it at first sign-in.' })
  oneTimePassword!: string | null;
}
