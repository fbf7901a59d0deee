import { ApplicationStatus } from '@certhub/domain/application';
import { Field, ID, InputType, Int } from 'type-graphql';
import './application.enums.js';

@InputType('SubmitApplicationInput', {
  description: 'The public application form. Limits and messages are those of @certhub/domain/application.',
})
export class SubmitApplicationInput {
  @Field(() => ID, { description: 'A program that is seeking partners.' })
  programId!: string;

  @Field(() => String)
  companyName!: string;

  @Field(() => String, { description: 'An absolute http(s) address.' })
  companyWebsite!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code, such as DE or US.' })
  headquartersCountry!: string;

  @Field(() => String)
  contactName!: string;

  @Field(() => String)
  contactEmail!: string;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => String)
  productSummary!: string;

  @Field(() => String, { description: 'The message to the program: why the company should be admitted.' })
  message!: string;

  @Field(() => [String], { description: 'The id of every general requirement (the requirements query): each must be attested.' })
  attestedRequirementIds!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Leave empty: the form keeps it hidden from people. Anything in it marks the submission as automated.',
  })
  honeypot?: string | null;
}

@InputType('ReplyToApplicationInput')
export class ReplyToApplicationInput {
  @Field(() => String)
  reference!: string;

  @Field(() => String)
  token!: string;

  @Field(() => String, { description: 'The answer to what the program asked.' })
  message!: string;
}

@InputType('WithdrawApplicationInput')
export class WithdrawApplicationInput {
  @Field(() => String)
  reference!: string;

  @Field(() => String)
  token!: string;

  @Field(() => String, { nullable: true, description: 'Why, if the applicant wants to say: the program sees it.' })
  reason?: string | null;
}

@InputType('ApplicationFilter', { description: 'All given conditions must hold.' })
export class ApplicationFilterInput {
  @Field(() => [ApplicationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ApplicationStatus[] | null;

  @Field(() => ID, { nullable: true })
  programId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the company name, contact name or contact email, any case; or a reference.',
  })
  search?: string | null;
}

@InputType('SetApplicationStatusInput')
export class SetApplicationStatusInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ApplicationStatus, { description: 'One of the allowedTransitions of the application.' })
  status!: ApplicationStatus;

  @Field(() => Int, { description: 'The version you saw; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, {
    nullable: true,
    description: 'For the applicant, sent with the change. Required for INFO_REQUESTED: what more is needed.',
  })
  message?: string | null;

  @Field(() => String, { nullable: true, description: 'An internal note, for staff only (also the reason in the audit trail).' })
  note?: string | null;
}

@InputType('AddApplicationNoteInput')
export class AddApplicationNoteInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => String, { description: 'For staff only.' })
  note!: string;
}

@InputType('SendApplicationMessageInput')
export class SendApplicationMessageInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => String, { description: 'The applicant sees it, and is told by email.' })
  message!: string;
}
