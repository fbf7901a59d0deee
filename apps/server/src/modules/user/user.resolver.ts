import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { AdminMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId, expectInputId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import { UserEntity } from './user.entity.js';
import { CreateUserInput, UpdateUserInput, UserWithPasswordPayload } from './user.inputs.js';

@Resolver(() => UserEntity)
export class UserResolver {
  @RequireRole(StaffRole.ADMIN)
  @Query(() => [UserEntity], { description: 'Every staff account. Admins only.' })
  users(@Ctx() { services }: Context): Promise<UserEntity[]> {
    return services.users.list();
  }

  @AdminMutation(() => UserWithPasswordPayload, 'Creates a staff account. Admins only.')
  createUser(
    @Ctx() context: Context,
    @InputArg(() => CreateUserInput, 'The new staff account.') input: CreateUserInput,
  ): Promise<UserWithPasswordPayload> {
    return context.services.users.create(input, auditActorOf(context));
  }

  @AdminMutation(() => UserEntity, "Changes a staff account's name, role or access. Admins only.")
  updateUser(
    @Ctx() context: Context,
    @InputArg(() => UpdateUserInput, 'The staff account and what to change.') input: UpdateUserInput,
  ): Promise<UserEntity> {
    const userId = expectInputId(input, 'userId', 'User');
    return context.services.users.update(userId, input.expectedVersion, input, auditActorOf(context));
  }

  @AdminMutation(() => UserWithPasswordPayload, "Replaces a user's password with a one-time one. Admins only.")
  resetUserPassword(
    @Ctx() context: Context,
    @Arg('userId', () => ID, { description: 'The staff member whose password to reset.' }) userId: string,
  ): Promise<UserWithPasswordPayload> {
    return context.services.users.resetPassword(expectGlobalId(userId, 'User', 'userId'), auditActorOf(context));
  }
}
