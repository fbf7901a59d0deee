import { ApplicationStatus } from '@certhub/domain/application';
import { Field, ID, InputType, Int } from 'type-graphql';
import './application.enums.js';

@InputType('SubmitApplicationInput', {
  description: 'The public application form. Limits and messages are those of @certhub/domain/application.',
})
export class SubmitApplicationInput {
  @Field(() => ID, { description: 'A program that is seeking partners.' })
  programId!: string;

  @Field(() => String, { description: "The applying company's name." })
  companyName!: string;

  @Field(() => String, { description: 'An absolute http(s) address.' })
  companyWebsite!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code, such as DE or US.' })
  headquartersCountry!: string;

  @Field(() => String, { description: 'The name of the person to contact about the application.' })
  contactName!: string;

  @Field(() => String, { description: 'Where to reach the contact person; updates on the application are sent here.' })
  contactEmail!: string;

  @Field(() => String, { nullable: true, description: "The contact person's phone number, if they want to give one." })
  contactPhone?: string | null;

  @Field(() => String, { description: "What the company's product is." })
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

/** The base of the applicant's inputs: the application and the token that proves it is theirs. */
@InputType()
abstract class ApplicantAccessInput {
  @Field(() => String, { description: "The application's reference." })
  reference!: string;

  @Field(() => String, { description: "The application's access token." })
  token!: string;
}

@InputType('ReplyToApplicationInput', { description: "The applicant's answer to a request for more information." })
export class ReplyToApplicationInput extends ApplicantAccessInput {
  @Field(() => String, { description: 'The answer to what the program asked.' })
  message!: string;
}

@InputType('WithdrawApplicationInput', { description: "The applicant's withdrawal of an application." })
export class WithdrawApplicationInput extends ApplicantAccessInput {
  @Field(() => String, { nullable: true, description: 'Why, if the applicant wants to say: the program sees it.' })
  reason?: string | null;
}

@InputType('ApplicationFilter', { description: 'All given conditions must hold.' })
export class ApplicationFilterInput {
  @Field(() => [ApplicationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ApplicationStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only applications to this program.' })
  programId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the company name, contact name or contact email, any case; or a reference.',
  })
  search?: string | null;
}

@InputType('SetApplicationStatusInput', { description: "A change of an application's status." })
export class SetApplicationStatusInput {
  @Field(() => ID, { description: 'The application to change.' })
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

@InputType('AddApplicationNoteInput', { description: 'An internal note to add to an application.' })
export class AddApplicationNoteInput {
  @Field(() => ID, { description: 'The application to add the note to.' })
  applicationId!: string;

  @Field(() => String, { description: 'For staff only.' })
  note!: string;
}

@InputType('SendApplicationMessageInput', { description: 'A message from staff to an applicant.' })
export class SendApplicationMessageInput {
  @Field(() => ID, { description: 'The application to send the message about.' })
  applicationId!: string;

  @Field(() => String, { description: 'The applicant sees it, and is told by email.' })
  message!: string;
}
