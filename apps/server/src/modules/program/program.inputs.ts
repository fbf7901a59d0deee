import { AdmissionStatus } from '@certhub/domain/admission-status';
import { Field, InputType } from 'type-graphql';
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
