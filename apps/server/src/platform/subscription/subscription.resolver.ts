import { AdmissionStatus } from '@certhub/domain/admission-status';
import { StaffRole } from '@certhub/domain/staff';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context.js';
import { ApplicationEntity } from '../../modules/application/application.entity.js';
import { ProgramEntity } from '../../modules/program/program.entity.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import type { ChangeEvent } from './change-stream.js';

@InputType('ProgramStatusChangedFilter', { description: 'All given conditions must hold.' })
class ProgramStatusChangedFilter {
  @Field(() => String, { nullable: true, description: 'Only programs of this category.' })
  categorySlug?: string | null;

  @Field(() => AdmissionStatus, { nullable: true, description: 'Only changes to this status, e.g. SEEKING_PARTNERS.' })
  status?: AdmissionStatus | null;
}

@ObjectType('ProgramStatusChangeEvent', { description: "A program's admission status changed." })
class ProgramStatusChangeEvent {
  @Field(() => ProgramEntity, { description: 'The program, as it is now.' })
  program!: ProgramEntity;

  @Field(() => AdmissionStatus, { nullable: true, description: 'The status before; null for a program just created.' })
  from!: AdmissionStatus | null;

  @Field(() => AdmissionStatus, { description: 'The new status.' })
  to!: AdmissionStatus;

  @Field(() => DateTimeISOResolver, { description: 'When the status changed.' })
  changedAt!: Date;
}

const statusChangeOf = (event: ChangeEvent) =>
  event.changes?.admissionStatus as { from: AdmissionStatus | null; to: AdmissionStatus } | undefined;

/**
 * Live updates over graphql-ws on /graphql. Events come from the audit trail (see ChangeStream),
 * so each one is a committed change, and every subscriber gets the program as it is now.
 */
@Resolver()
export class SubscriptionResolver {
  @Subscription(() => ProgramEntity, {
    description: 'The program, each time anything about it changes.',
    subscribe: ({ args, context }) => {
      const programId = String(expectGlobalId(args.programId as string, 'Program', 'programId'));
      return (context as Context).services.changes.subscribe(
        (event) => event.entityType === 'Program' && event.entityId === programId,
      );
    },
  })
  async programChanged(
    @Root() event: ChangeEvent,
    @Ctx() { services, loaders }: Context,
    @Arg('programId', () => ID, { description: 'The program to follow.' }) _programId: string,
  ): Promise<ProgramEntity> {
    const [program] = await services.programs.findByIds([Number(event.entityId)]);
    if (!program) throw new Error(`Program ${event.entityId} vanished.`);
    // Every event of the operation shares its context: its loaders would answer the first event's
    // relations (status history, history) again.
    for (const loader of Object.values(loaders)) loader.clearAll();
    return program;
  }

  @Subscription(() => ProgramStatusChangeEvent, {
    description: "Every change of a program's admission status, optionally only in a category or to a status.",
    subscribe: ({ args, context }) => {
      const { services } = context as Context;
      const filter = args.filter as ProgramStatusChangedFilter | null | undefined;
      return services.changes.subscribe(async (event) => {
        const change = statusChangeOf(event);
        if (event.entityType !== 'Program' || !change) return false;
        if (filter?.status && change.to !== filter.status) return false;
        if (!filter?.categorySlug) return true;
        const [program] = await services.programs.findByIds([Number(event.entityId)]);
        const [category] = program ? await services.categories.findByIds([program.categoryId]) : [];
        return category?.slug === filter.categorySlug;
      });
    },
  })
  async programStatusChanged(
    @Root() event: ChangeEvent,
    @Ctx() { services }: Context,
    @Arg('filter', () => ProgramStatusChangedFilter, { nullable: true, description: 'Which changes to send; all without it.' })
    _filter?: ProgramStatusChangedFilter | null,
  ): Promise<ProgramStatusChangeEvent> {
    const change = statusChangeOf(event) as { from: AdmissionStatus | null; to: AdmissionStatus };
    const [program] = await services.programs.findByIds([Number(event.entityId)]);
    if (!program) throw new Error(`Program ${event.entityId} vanished.`);
    return { program, from: change.from, to: change.to, changedAt: event.occurredAt };
  }

  @RequireRole(StaffRole.EDITOR)
  @Subscription(() => ApplicationEntity, {
    description: 'An application, each time it changes (all of them without an id). Staff only.',
    subscribe: ({ args, context }) => {
      const applicationId = args.applicationId
        ? String(expectGlobalId(args.applicationId as string, 'Application', 'applicationId'))
        : null;
      return (context as Context).services.changes.subscribe(
        (event) => event.entityType === 'Application' && (applicationId === null || event.entityId === applicationId),
      );
    },
  })
  async applicationChanged(
    @Root() event: ChangeEvent,
    @Ctx() { services }: Context,
    @Arg('applicationId', () => ID, { nullable: true, description: 'Only this application; every application when omitted.' })
    _applicationId?: string | null,
  ): Promise<ApplicationEntity | null> {
    return services.applicationReviews.findById(Number(event.entityId));
  }
}
