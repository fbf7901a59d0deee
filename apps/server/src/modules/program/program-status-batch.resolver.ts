import { StaffRole } from '@certhub/domain/staff';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import {
  ProgramStatusBatch,
  ProgramStatusChangeInput,
  ProgramStatusChangePreview,
  SetProgramsAdmissionStatusInput,
  UndoStatusBatchInput,
} from './program-status-batch.types.js';

const programIdsOf = (input: ProgramStatusChangeInput) =>
  input.programIds.map((id) => expectGlobalId(id, 'Program', 'input.programIds'));

/** Changes of status of several programs: preview, apply as one batch, undo the batch. */
@Resolver()
export class ProgramStatusBatchResolver {
  @RequireRole(StaffRole.EDITOR)
  @Query(() => ProgramStatusChangePreview, {
    description: 'What setProgramsAdmissionStatus would change now, program by program; writes nothing. Staff only.',
  })
  previewProgramStatusChange(
    @Ctx() { services }: Context,
    @InputArg(() => ProgramStatusChangeInput, 'The programs and the status to give them.')
    input: ProgramStatusChangeInput,
  ): Promise<ProgramStatusChangePreview> {
    return services.programStatusBatches.preview({ ...input, programIds: programIdsOf(input) });
  }

  @EditorMutation(
    () => ProgramStatusBatch,
    'Changes the status of several programs in one transaction and one audit batch; CONFLICT, changing nothing, when any was changed since the preview.',
  )
  setProgramsAdmissionStatus(
    @Ctx() context: Context,
    @InputArg(() => SetProgramsAdmissionStatusInput, 'The programs, their new status and the versions previewed.')
    input: SetProgramsAdmissionStatusInput,
  ): Promise<ProgramStatusBatch> {
    return context.services.programStatusBatches.setMany({ ...input, programIds: programIdsOf(input) }, auditActorOf(context));
  }

  @EditorMutation(
    () => ProgramStatusBatch,
    'Puts every program of a batch of status changes back to its previous status, as a new batch; CONFLICT when any changed since.',
  )
  undoStatusBatch(
    @Ctx() context: Context,
    @InputArg(() => UndoStatusBatchInput, 'The batch to undo.') input: UndoStatusBatchInput,
  ): Promise<ProgramStatusBatch> {
    return context.services.programStatusBatches.undo(input, auditActorOf(context));
  }
}
