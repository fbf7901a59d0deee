import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import '../program/program.enums.js';
import { VersionedEditInput } from '../change/change.inputs.js';

@InputType('ScheduledProgramEditsInput', {
  description: 'Fields of the program to set at the moment, as updateProgram takes them: omitted, kept; null, cleared.',
})
export class ScheduledProgramEditsInput {
  @Nullable(() => String, 'The new name.') name?: string | null;
  @Nullable(() => Int, 'Null for no limit.') partnerCapacity?: number | null;
  @Nullable(() => String, 'Notes for staff.') internalNotes?: string | null;
  @Nullable(() => String, 'The email address vendors write to about joining.') admissionContact?: string | null;
  @Nullable(() => SpecAvailability, 'Only for a program without specs.') specAvailability?: SpecAvailability | null;
  @Nullable(() => LabAvailability, 'Only for a program without labs.') labAvailability?: LabAvailability | null;
}

@InputType('ScheduleProgramChangeInput', { description: 'A change of a program to make at a moment ahead.' })
export class ScheduleProgramChangeInput {
  @NonNull(() => ID, 'The program to change.') programId!: string;
  @NonNull(() => DateTimeISOResolver, 'When it takes effect; in the future. Give the offset (or Z).') effectiveAt!: Date;

  @Nullable(() => AdmissionStatus, 'The status the program gets; not CLOSED. Omitted: it stays.')
  admissionStatus?: AdmissionStatus | null;

  @Nullable(() => ScheduledProgramEditsInput, 'Other fields to set at the same moment.')
  changes?: ScheduledProgramEditsInput | null;

  @NonNull(() => String, 'Why, for the audit trail (staff only).') reason!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the public program page announces it until then ("Opens to partners on …"); false when omitted.',
  })
  announce?: boolean | null;
}

@InputType('CancelScheduledChangeInput', { description: 'A pending scheduled change to cancel.' })
export class CancelScheduledChangeInput extends VersionedEditInput('scheduledChangeId', 'The scheduled change to cancel.') {}
