import { AdmissionStatus } from '@certhub/domain/admission-status';
import { Field, ID, InputType, Int } from 'type-graphql';
import './program.enums.js';

@InputType('ProgramFilter', { description: 'All given conditions must hold.' })
export class ProgramFilterInput {
  @Field(() => [AdmissionStatus], {
    nullable: true,
    description: 'Any of these statuses. Without it, every status but CLOSED (closed programs are not in the catalogue).',
  })
  admissionStatus?: AdmissionStatus[] | null;

  @Field(() => String, { nullable: true })
  categorySlug?: string | null;

  @Field(() => String, { nullable: true, description: 'Programs this lab certifies for.' })
  labSlug?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the program name, any case.' })
  search?: string | null;
}

@InputType('SetProgramAdmissionStatusInput')
export class SetProgramAdmissionStatusInput {
  @Field(() => ID)
  programId!: string;

  @Field(() => AdmissionStatus, { description: 'Not CLOSED: use closeProgram and reopenProgram for that.' })
  status!: AdmissionStatus;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail (staff only).' })
  reason?: string | null;
}
