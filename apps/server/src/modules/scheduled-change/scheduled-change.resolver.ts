import { ScheduledChangeState } from '@certhub/domain/scheduled-change';
import { StaffRole } from '@certhub/domain/staff';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation, RequireRole } from '../../shared/auth.js';
import { expectInputId, withInputId } from '../../shared/global-id.js';
import { connectionType, PageArgs } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ScheduledChangeEntity } from './scheduled-change.entity.js';
import './scheduled-change.enums.js';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { CancelScheduledChangeInput, ScheduleProgramChangeInput } from './scheduled-change.inputs.js';

const ScheduledChangeConnection = connectionType(ScheduledChangeEntity, 'ScheduledChange');

@ObjectType('ScheduledEdit', { description: 'A field a scheduled change sets, and the value it gets.' })
export class ScheduledEdit {
  @NonNull(() => String, "The field's name, as updateProgram takes it.") field!: string;
  @Nullable(() => String, 'The value, as text; null clears the field.') value!: string | null;
}

@Resolver(() => ScheduledChangeEntity)
export class ScheduledChangeResolver {
  @RequireRole(StaffRole.EDITOR)
  @Query(() => ScheduledChangeConnection, { description: 'Scheduled changes of every program, soonest first. Staff only.' })
  scheduledChanges(
    @Ctx() { services }: Context,
    @Arg('state', () => ScheduledChangeState, {
      nullable: true,
      description: 'Only those in this state; without it, every one (latest first).',
    })
    state: ScheduledChangeState | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.scheduledChanges.findPage(state, page);
  }

  @EditorMutation(
    () => ScheduledChangeEntity,
    "Schedules a change of a program's status (and other fields) for a moment ahead: made then once, as a manual edit dated that moment.",
  )
  scheduleProgramChange(
    @Ctx() context: Context,
    @InputArg(() => ScheduleProgramChangeInput, 'The program, the moment, and the change.') input: ScheduleProgramChangeInput,
  ): Promise<ScheduledChangeEntity> {
    return context.services.scheduledChanges.schedule(
      { ...withInputId(input, 'programId', 'Program'), changes: input.changes ?? null },
      auditActorOf(context),
    );
  }

  @EditorMutation(
    () => ScheduledChangeEntity,
    'Cancels a pending scheduled change; one already applied, skipped or cancelled gets CONFLICT.',
  )
  cancelScheduledChange(
    @Ctx() context: Context,
    @InputArg(() => CancelScheduledChangeInput, 'The scheduled change and the version you saw.')
    input: CancelScheduledChangeInput,
  ): Promise<ScheduledChangeEntity> {
    const id = expectInputId(input, 'scheduledChangeId', 'ScheduledChange');
    return context.services.scheduledChanges.cancel(id, input.expectedVersion, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => ProgramEntity, { description: 'The program it changes. Staff only.' })
  async program(@Root() change: ScheduledChangeEntity, @Ctx() { loaders }: Context): Promise<ProgramEntity> {
    const program = await loaders.programById.load(change.programId);
    if (!program) throw new Error(`Scheduled change ${change.id} has no program ${change.programId}.`);
    return program;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => [ScheduledEdit], { description: 'The other fields it sets besides the status. Staff only.' })
  edits(@Root() change: ScheduledChangeEntity): ScheduledEdit[] {
    return Object.entries(change.edits ?? {}).map(([field, value]) => ({ field, value: value === null ? null : String(value) }));
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => String, { description: 'Why, for the audit trail. Staff only.' })
  reason(@Root() change: ScheduledChangeEntity): string {
    return change.reason;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => Boolean, { description: 'Whether the public program page announces it while pending. Staff only.' })
  announce(@Root() change: ScheduledChangeEntity): boolean {
    return change.announce;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => ScheduledChangeState, { description: 'Where it stands. Staff only.' })
  state(@Root() change: ScheduledChangeEntity): ScheduledChangeState {
    return change.state;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => String, { nullable: true, description: 'Why it was skipped or cancelled. Staff only.' })
  outcome(@Root() change: ScheduledChangeEntity): string | null {
    return change.outcome;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When it was applied, skipped or cancelled. Staff only.',
  })
  settledAt(@Root() change: ScheduledChangeEntity): Date | null {
    return change.settledAt;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => String, { description: 'Who scheduled it. Staff only.' })
  createdBy(@Root() change: ScheduledChangeEntity): string {
    return change.createdBy;
  }

  @RequireRole(StaffRole.EDITOR)
  @FieldResolver(() => Int, { description: 'Send it back with cancelScheduledChange to detect conflicts. Staff only.' })
  version(@Root() change: ScheduledChangeEntity): number {
    return change.version;
  }
}

/** `Program.scheduledChanges`: what is planned for a program; the public sees the announced ones. */
@Resolver(() => ProgramEntity)
export class ProgramScheduledChangesResolver {
  @FieldResolver(() => [ScheduledChangeEntity], {
    description:
      'Pending scheduled changes, soonest first. Without signing in, only those announced, with their moment and status.',
  })
  async scheduledChanges(
    @Root() program: ProgramEntity,
    @Ctx() { actor, loaders }: Context,
  ): Promise<readonly ScheduledChangeEntity[]> {
    // The read model holds what the public sees (announced, moment and status); staff see every pending change, whole.
    const catalog = CatalogReadModel.of(program);
    if (catalog && !actor) return catalog.announcedChangesOf(program.id);
    const pending = await loaders.pendingScheduledChangesByProgramId.load(program.id);
    return actor ? pending : pending.filter((change) => change.announce);
  }
}
