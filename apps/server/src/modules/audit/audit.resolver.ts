import { roleAllows, StaffRole } from '@certhub/domain/staff';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole, requireActor } from '../../shared/auth.js';
import { toGlobalId } from '../../shared/global-id.js';
import { connectionType, PageArgs } from '../../shared/pagination.js';
import { AuditLogFilterInput, FieldChange } from './audit.inputs.js';
import { AuditEventEntity } from './audit-event.entity.js';

const AuditEventConnection = connectionType(AuditEventEntity, 'AuditEvent');

@Resolver(() => AuditEventEntity)
export class AuditResolver {
  @RequireRole(StaffRole.EDITOR)
  @Query(() => AuditEventConnection, {
    description: 'Every recorded change, newest first. Staff only; the changes of webhook endpoints are listed to admins only.',
  })
  auditLog(
    @Ctx() context: Context,
    @Arg('filter', () => AuditLogFilterInput, { nullable: true, description: 'Which changes to list; all without it.' })
    filter: AuditLogFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    const admin = roleAllows(requireActor(context).user.role, StaffRole.ADMIN);
    return context.services.audit.findPage(filter, page, { admin });
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The User who made the change; null for the system.' })
  actorId(@Root() event: AuditEventEntity): string | null {
    return event.actorId === null ? null : toGlobalId('User', event.actorId);
  }

  @FieldResolver(() => [FieldChange], { description: 'Field-level before and after.' })
  changes(@Root() event: AuditEventEntity): FieldChange[] {
    return Object.entries(event.changes ?? {}).map(([field, { from, to }]) => ({ field, from, to }));
  }
}
