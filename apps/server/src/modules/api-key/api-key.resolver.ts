import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { AdminMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { NonNull } from '../../shared/schema-fields.js';
import { ApiKeyEntity } from './api-key.entity.js';

@ObjectType('CreatedApiKey', { description: 'A new API key, with the key itself: shown this once, stored only hashed.' })
export class CreatedApiKey {
  @NonNull(() => ApiKeyEntity, 'The key as it is listed from now on.') apiKey!: ApiKeyEntity;
  @NonNull(() => String, 'The key, to send as `Authorization: Bearer <key>`. It cannot be shown again.') key!: string;
}

@Resolver(() => ApiKeyEntity)
export class ApiKeyResolver {
  @RequireRole(StaffRole.ADMIN)
  @Query(() => [ApiKeyEntity], { description: 'Every API key, revoked ones included, newest first. Admins only.' })
  apiKeys(@Ctx() { services }: Context): Promise<ApiKeyEntity[]> {
    return services.apiKeys.list();
  }

  @AdminMutation(() => CreatedApiKey, 'Creates an API key for a named third party. Admins only.')
  createApiKey(
    @Ctx() context: Context,
    @Arg('name', () => String, { description: 'Who the key is for.' }) name: string,
    @Arg('quota', () => Int, {
      nullable: true,
      description: "Cost points per rate-limit window; omitted: the server's default for keys.",
    })
    quota: number | null,
  ): Promise<CreatedApiKey> {
    return context.services.apiKeys.create({ name, quota }, auditActorOf(context));
  }

  @AdminMutation(() => ApiKeyEntity, 'Revokes an API key at once; revoking it again changes nothing. Admins only.')
  revokeApiKey(
    @Ctx() context: Context,
    @Arg('id', () => ID, { description: 'The key to revoke.' }) id: string,
  ): Promise<ApiKeyEntity> {
    return context.services.apiKeys.revoke(expectGlobalId(id, 'ApiKey', 'id'), auditActorOf(context));
  }
}
