import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { Field, ID, InputType, Int } from 'type-graphql';
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

  @Field(() => String, { nullable: true, description: 'Only programs of this category.' })
  categorySlug?: string | null;

  @Field(() => String, { nullable: true, description: 'Programs this lab certifies for.' })
  labSlug?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the program name, any case.' })
  search?: string | null;
}

@InputType('SetProgramAdmissionStatusInput', { description: "A change of a program's admission status." })
export class SetProgramAdmissionStatusInput {
  @Field(() => ID, { description: 'The program to change.' })
  programId!: string;

  @Field(() => AdmissionStatus, { description: 'Not CLOSED: use closeProgram and reopenProgram for that.' })
  status!: AdmissionStatus;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('CreateProgramInput', { description: 'A new certification program.' })
export class CreateProgramInput {
  @Field(() => String, { description: "The program's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;

  @Field(() => ID, { description: 'The program goes last in this category.' })
  categoryId!: string;

  @Field(() => AdmissionStatus, { description: 'Not CLOSED.' })
  admissionStatus!: AdmissionStatus;

  @Field(() => [ID], { nullable: true, description: 'Spec documents, in the order to list them.' })
  specIds?: string[] | null;

  @Field(() => SpecAvailability, { nullable: true, description: 'Only for a program without specs.' })
  specAvailability?: SpecAvailability | null;

  @Field(() => [ID], { nullable: true, description: 'Certification labs, in the order to list them.' })
  labIds?: string[] | null;

  @Field(() => LabAvailability, { nullable: true, description: 'Only for a program without labs.' })
  labAvailability?: LabAvailability | null;

  @Field(() => Int, { nullable: true, description: 'How many partners it can take; null for no limit. Staff only.' })
  partnerCapacity?: number | null;

  @Field(() => String, { nullable: true, description: 'Staff only.' })
  internalNotes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The email address vendors write to about joining, shown beside the apply button; null clears it.',
  })
  admissionContact?: string | null;
}

@InputType('UpdateProgramInput', {
  description: 'Omitted fields are kept; null clears the fields that may be empty. The status changes elsewhere.',
})
export class UpdateProgramInput extends VersionedEditInput('programId', 'The program to change.') {
  @Field(() => String, { nullable: true, description: 'The new name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;

  @Field(() => ID, { nullable: true, description: 'Moving goes last in the new category, unless a position is given.' })
  categoryId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Place within the (new) category, from 0; the others make room.' })
  position?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the spec documents, in this order.' })
  specIds?: string[] | null;

  @Field(() => SpecAvailability, {
    nullable: true,
    description: 'Only for a program without specs; giving specs without it clears it.',
  })
  specAvailability?: SpecAvailability | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the certification labs, in this order.' })
  labIds?: string[] | null;

  @Field(() => LabAvailability, {
    nullable: true,
    description: 'Only for a program without labs; giving labs without it clears it.',
  })
  labAvailability?: LabAvailability | null;

  @Field(() => Int, { nullable: true, description: 'Null for no limit. Staff only.' })
  partnerCapacity?: number | null;

  @Field(() => String, { nullable: true, description: 'Staff only.' })
  internalNotes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The email address vendors write to about joining, shown beside the apply button; null clears it.',
  })
  admissionContact?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('CloseProgramInput', { description: 'A program to take out of the catalogue.' })
export class CloseProgramInput extends VersionedEditInput('programId', 'The program to close.') {
  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('ReopenProgramInput', { description: 'A closed program to put back in the catalogue.' })
export class ReopenProgramInput extends VersionedEditInput('programId', 'The program to reopen.') {
  @Field(() => AdmissionStatus, { description: 'The status it reopens with; not CLOSED.' })
  status!: AdmissionStatus;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;

  @Field(() => ScheduledChangesChoice, SCHEDULED_CHANGES_CHOICE)
  scheduledChanges?: ScheduledChangesChoice | null;
}

@InputType('ReorderProgramsInput', { description: 'A new order of the programs of a category.' })
export class ReorderProgramsInput {
  @Field(() => ID, { description: 'The category whose programs to reorder.' })
  categoryId!: string;

  @Field(() => [ID], { description: 'Every program of the category, closed ones too, each once, in the new order.' })
  programIds!: string[];
}
