import { AdmissionStatus } from '@certhub/domain/admission-status';
import { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ProgramEntity } from './program.entity.js';
import './program.enums.js';
import { SCHEDULED_CHANGES_CHOICE } from './program.inputs.js';

@InputType('ProgramStatusChangeInput', { description: 'A change of status of several programs, to preview.' })
export class ProgramStatusChangeInput {
  @Field(() => [ID], { description: 'The programs, each once; closed ones too.' })
  programIds!: string[];

  @Field(() => AdmissionStatus, { description: 'CLOSED closes them; any other status reopens closed ones.' })
  status!: AdmissionStatus;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;
}

@InputType('SetProgramsAdmissionStatusInput', { description: 'A change of status of several programs, all or nothing.' })
export class SetProgramsAdmissionStatusInput extends ProgramStatusChangeInput {
  @Field(() => [Int], {
    description: 'The version of each program as previewed, in the order of programIds; a newer one gets CONFLICT.',
  })
  expectedVersions!: number[];

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('UndoStatusBatchInput', { description: 'A batch of status changes to undo.' })
export class UndoStatusBatchInput {
  @Field(() => String, { description: 'The batch of status changes to undo (AuditEvent.batchId).' })
  batchId!: string;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;
}

@ObjectType('ProgramStatusChangeItem', { description: 'One program of a change of status of several.' })
export class ProgramStatusChangeItem {
  @Field(() => ProgramEntity, { description: 'As it is now: before the change in a preview, after it once applied.' })
  program!: ProgramEntity;

  @Field(() => AdmissionStatus, { description: 'The status before the change.' })
  from!: AdmissionStatus;

  @Field(() => AdmissionStatus, { description: 'The status after the change.' })
  to!: AdmissionStatus;
}

@ObjectType('ProgramStatusChangePreview', { description: 'What a change of status of several programs would do.' })
export class ProgramStatusChangePreview {
  @Field(() => [ProgramStatusChangeItem], { description: 'The programs whose status would change, in page order.' })
  changes!: ProgramStatusChangeItem[];

  @Field(() => [ProgramEntity], { description: 'The programs that have this status already, in page order.' })
  unchanged!: ProgramEntity[];
}

@ObjectType('ProgramStatusBatch', { description: 'Changes of status made together, undoable together.' })
export class ProgramStatusBatch {
  @Field(() => String, { nullable: true, description: 'The audit batch of the changes; null when nothing changed.' })
  batchId!: string | null;

  @Field(() => [ProgramStatusChangeItem], { description: 'The programs whose status changed.' })
  changes!: ProgramStatusChangeItem[];
}
