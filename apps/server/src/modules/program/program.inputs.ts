import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import './program.enums.js';
import '../scheduled-change/scheduled-change.enums.js';
import { VersionedEditInput } from '../change/change.inputs.js';

export const SCHEDULED_CHANGES_CHOICE = {
  nullable: true,
  description:
    'What to do with scheduled changes pending on a field this edit changes; without it such an edit gets CONFLICT (reason SCHEDULED_CHANGE_PENDING).',
} as const;

@InputType('ProgramFilter', { description: 'All given conditions must hold.' })
export class ProgramFilterInput {
  @Field(() => [AdmissionStatus], {
    nullable: true,
    description: 'Any of these statuses. Without it, every status but CLOSED (closed programs are not in the catalogue).',
  })
  admissionStatus?: AdmissionStatus[] | null;

  @Nullable(() => String, 'Only programs of this category.') categorySlug?: string | null;
  @Nullable(() => String, 'Programs this lab certifies for.') labSlug?: string | null;
  @Nullable(() => String, 'Part of the program name, any case.') search?: string | null;
}

@InputType('SetProgramAdmissionStatusInput', { description: "A change of a program's admission status." })
export class SetProgramAdmissionStatusInput {
  @NonNull(() => ID, 'The program to change.') programId!: string;
  @NonNull(() => AdmissionStatus, 'Not CLOSED: use closeProgram and reopenProgram for that.') status!: AdmissionStatus;
  @NonNull(() => Int, 'The version you edited; a newer one gets CONFLICT.') expectedVersion!: number;
  @Nullable(() => String, 'Why, for the audit trail (staff only).') reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('CreateProgramInput', { description: 'A new certification program.' })
export class CreateProgramInput {
  @NonNull(() => String, "The program's name.") name!: string;
  @Nullable(() => String, 'The slug of the name when omitted.') slug?: string | null;
  @NonNull(() => ID, 'The program goes last in this category.') categoryId!: string;
  @NonNull(() => AdmissionStatus, 'Not CLOSED.') admissionStatus!: AdmissionStatus;
  @Nullable(() => [ID], 'Spec documents, in the order to list them.') specIds?: string[] | null;
  @Nullable(() => SpecAvailability, 'Only for a program without specs.') specAvailability?: SpecAvailability | null;
  @Nullable(() => [ID], 'Certification labs, in the order to list them.') labIds?: string[] | null;
  @Nullable(() => LabAvailability, 'Only for a program without labs.') labAvailability?: LabAvailability | null;
  @Nullable(() => Int, 'How many partners it can take; null for no limit. Staff only.') partnerCapacity?: number | null;
  @Nullable(() => String, 'Staff only.') internalNotes?: string | null;

  @Nullable(() => String, 'The email address vendors write to about joining, shown beside the apply button; null clears it.')
  admissionContact?: string | null;
}

@InputType('UpdateProgramInput', {
  description: 'Omitted fields are kept; null clears the fields that may be empty. The status changes elsewhere.',
})
export class UpdateProgramInput extends VersionedEditInput('programId', 'The program to change.') {
  @Nullable(() => String, 'The new name.') name?: string | null;
  @Nullable(() => String, 'Changing it breaks links to the old one.') slug?: string | null;
  @Nullable(() => ID, 'Moving goes last in the new category, unless a position is given.') categoryId?: string | null;
  @Nullable(() => Int, 'Place within the (new) category, from 0; the others make room.') position?: number | null;
  @Nullable(() => [ID], 'Replaces the spec documents, in this order.') specIds?: string[] | null;

  @Nullable(() => SpecAvailability, 'Only for a program without specs; giving specs without it clears it.')
  specAvailability?: SpecAvailability | null;

  @Nullable(() => [ID], 'Replaces the certification labs, in this order.') labIds?: string[] | null;

  @Nullable(() => LabAvailability, 'Only for a program without labs; giving labs without it clears it.')
  labAvailability?: LabAvailability | null;

  @Nullable(() => Int, 'Null for no limit. Staff only.') partnerCapacity?: number | null;
  @Nullable(() => String, 'Staff only.') internalNotes?: string | null;

  @Nullable(() => String, 'The email address vendors write to about joining, shown beside the apply button; null clears it.')
  admissionContact?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('CloseProgramInput', { description: 'A program to take out of the catalogue.' })
export class CloseProgramInput extends VersionedEditInput('programId', 'The program to close.') {
  @Nullable(() => String, 'Why, for the audit trail (staff only).') reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('ReopenProgramInput', { description: 'A closed program to put back in the catalogue.' })
export class ReopenProgramInput extends VersionedEditInput('programId', 'The program to reopen.') {
  @NonNull(() => AdmissionStatus, 'The status it reopens with; not CLOSED.') status!: AdmissionStatus;
  @Nullable(() => String, 'Why, for the audit trail (staff only).') reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('ReorderProgramsInput', { description: 'A new order of the programs of a category.' })
export class ReorderProgramsInput {
  @NonNull(() => ID, 'The category whose programs to reorder.') categoryId!: string;
  @NonNull(() => [ID], 'Every program of the category, closed ones too, each once, in the new order.') programIds!: string[];
}
