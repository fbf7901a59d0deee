import { ApplicationStatus } from '@certhub/domain/application';
import { ID, InputType, Int } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import './application.enums.js';

@InputType('SubmitApplicationInput', {
  description: 'The public application form. Limits and messages are those of @certhub/domain/application.',
})
export class SubmitApplicationInput {
  @NonNull(() => ID, 'A program that is seeking partners.') programId!: string;
  @NonNull(() => String, "The applying company's name.") companyName!: string;
  @NonNull(() => String, 'An absolute http(s) address.') companyWebsite!: string;
  @NonNull(() => String, 'ISO 3166-1 alpha-2 code, such as DE or US.') headquartersCountry!: string;
  @NonNull(() => String, 'The name of the person to contact about the application.') contactName!: string;
  @NonNull(() => String, 'Where to reach the contact person; updates on the application are sent here.') contactEmail!: string;
  @Nullable(() => String, "The contact person's phone number, if they want to give one.") contactPhone?: string | null;
  @NonNull(() => String, "What the company's product is.") productSummary!: string;
  @NonNull(() => String, 'The message to the program: why the company should be admitted.') message!: string;

  @NonNull(() => [String], 'The id of every general requirement (the requirements query): each must be attested.')
  attestedRequirementIds!: string[];

  @Nullable(() => String, 'Leave empty: the form keeps it hidden from people. Anything in it marks the submission as automated.')
  honeypot?: string | null;
}

/** The base of the applicant's inputs: the application and the token that proves it is theirs. */
@InputType()
abstract class ApplicantAccessInput {
  @NonNull(() => String, "The application's reference.") reference!: string;
  @NonNull(() => String, "The application's access token.") token!: string;
}

@InputType('ReplyToApplicationInput', { description: "The applicant's answer to a request for more information." })
export class ReplyToApplicationInput extends ApplicantAccessInput {
  @NonNull(() => String, 'The answer to what the program asked.') message!: string;
}

@InputType('WithdrawApplicationInput', { description: "The applicant's withdrawal of an application." })
export class WithdrawApplicationInput extends ApplicantAccessInput {
  @Nullable(() => String, 'Why, if the applicant wants to say: the program sees it.') reason?: string | null;
}

@InputType('ApplicationFilter', { description: 'All given conditions must hold.' })
export class ApplicationFilterInput {
  @Nullable(() => [ApplicationStatus], 'Any of these statuses.') status?: ApplicationStatus[] | null;
  @Nullable(() => ID, 'Only applications to this program.') programId?: string | null;

  @Nullable(() => String, 'Part of the company name, contact name or contact email, any case; or a reference.')
  search?: string | null;
}

@InputType('SetApplicationStatusInput', { description: "A change of an application's status." })
export class SetApplicationStatusInput {
  @NonNull(() => ID, 'The application to change.') applicationId!: string;
  @NonNull(() => ApplicationStatus, 'One of the allowedTransitions of the application.') status!: ApplicationStatus;
  @NonNull(() => Int, 'The version you saw; a newer one gets CONFLICT.') expectedVersion!: number;

  @Nullable(() => String, 'For the applicant, sent with the change. Required for INFO_REQUESTED: what more is needed.')
  message?: string | null;

  @Nullable(() => String, 'An internal note, for staff only (also the reason in the audit trail).') note?: string | null;
}

@InputType('AddApplicationNoteInput', { description: 'An internal note to add to an application.' })
export class AddApplicationNoteInput {
  @NonNull(() => ID, 'The application to add the note to.') applicationId!: string;
  @NonNull(() => String, 'For staff only.') note!: string;
}

@InputType('SendApplicationMessageInput', { description: 'A message from staff to an applicant.' })
export class SendApplicationMessageInput {
  @NonNull(() => ID, 'The application to send the message about.') applicationId!: string;
  @NonNull(() => String, 'The applicant sees it, and is told by email.') message!: string;
}
