import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole, requireActor } from '../../shared/auth.js';
import { UserEntity } from '../user/user.entity.js';

@Resolver()
export class AuthResolver {
  @Query(() => UserEntity, { nullable: true, description: 'The signed-in staff member, or null.' })
  me(@Ctx() { actor }: Context): UserEntity | null {
    return actor?.user ?? null;
  }

  @Mutation(() => UserEntity, { description: 'Signs in and sets the session cookie.' })
  async login(
    @Ctx() { services, request, sessionCookie }: Context,
    @Arg('email', () => String, { description: "The staff member's email address." }) email: string,
    @Arg('password', () => String, { description: "The staff member's password." }) password: string,
  ): Promise<UserEntity> {
    const { user, token, expiresAt } = await services.auth.login(email, password, request);
    sessionCookie.set(token, expiresAt);
    return user;
  }

  @RequireRole()
  @Mutation(() => Boolean, { description: 'Ends this session and clears its cookie.' })
  async logout(@Ctx() context: Context): Promise<boolean> {
    await context.services.auth.logout(requireActor(context), context.request);
    context.sessionCookie.clear();
    return true;
  }

  @RequireRole()
  @Mutation(() => UserEntity, { description: "Replaces the signed-in user's password; their other sessions end." })
  changePassword(
    @Ctx() context: Context,
    @Arg('currentPassword', () => String, { description: 'The password the user signs in with now.' }) currentPassword: string,
    @Arg('newPassword', () => String, { description: 'The password to sign in with from now on.' }) newPassword: string,
  ): Promise<UserEntity> {
    return context.services.auth.changePassword(requireActor(context), currentPassword, newPassword, context.request);
  }
}
