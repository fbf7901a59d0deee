import { AdmissionStatus } from '@certhub/domain/admission-status';
import { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { ProgramEntity } from './program.entity.js';
import './program.enums.js';
import { SCHEDULED_CHANGES_CHOICE } from './program.inputs.js';

@InputType('ProgramStatusChangeInput', { description: 'A change of status of several programs, to preview.' })
export class ProgramStatusChangeInput {
  @NonNull(() => [ID], 'The programs, each once; closed ones too.') programIds!: string[];
  @NonNull(() => AdmissionStatus, 'CLOSED closes them; any other status reopens closed ones.') status!: AdmissionStatus;
  @Nullable(() => String, 'Why, for the audit trail (staff only).') reason?: string | null;
}

@InputType('SetProgramsAdmissionStatusInput', { description: 'A change of status of several programs, all or nothing.' })
export class SetProgramsAdmissionStatusInput extends ProgramStatusChangeInput {
  @NonNull(() => [Int], 'The version of each program as previewed, in the order of programIds; a newer one gets CONFLICT.')
  expectedVersions!: number[];

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('UndoStatusBatchInput', { description: 'A batch of status changes to undo.' })
export class UndoStatusBatchInput {
  @NonNull(() => String, 'The batch of status changes to undo (AuditEvent.batchId).') batchId!: string;
  @Nullable(() => String, 'Why, for the audit trail (staff only).') reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@ObjectType('ProgramStatusChangeItem', { description: 'One program of a change of status of several.' })
export class ProgramStatusChangeItem {
  @NonNull(() => ProgramEntity, 'As it is now: before the change in a preview, after it once applied.') program!: ProgramEntity;
  @NonNull(() => AdmissionStatus, 'The status before the change.') from!: AdmissionStatus;
  @NonNull(() => AdmissionStatus, 'The status after the change.') to!: AdmissionStatus;
}

@ObjectType('ProgramStatusChangePreview', { description: 'What a change of status of several programs would do.' })
export class ProgramStatusChangePreview {
  @NonNull(() => [ProgramStatusChangeItem], 'The programs whose status would change, in page order.')
  changes!: ProgramStatusChangeItem[];

  @NonNull(() => [ProgramEntity], 'The programs that have this status already, in page order.') unchanged!: ProgramEntity[];
}

@ObjectType('ProgramStatusBatch', { description: 'Changes of status made together, undoable together.' })
export class ProgramStatusBatch {
  @Nullable(() => String, 'The audit batch of the changes; null when nothing changed.') batchId!: string | null;
  @NonNull(() => [ProgramStatusChangeItem], 'The programs whose status changed.') changes!: ProgramStatusChangeItem[];
}
