import { ApplicationActor, ApplicationStatus } from '@certhub/domain/application';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEventKind } from './application.enums.js';

@ObjectType('ApplicationReceipt', { description: 'What an applicant keeps to follow their application.' })
export class ApplicationReceipt {
  @NonNull(() => String, 'Such as APP-7K2Q9: to quote in any correspondence.') reference!: string;

  @Field(() => String, {
    description: 'The secret that, with the reference, opens the application. Shown this once: it is stored only as a hash.',
  })
  accessToken!: string;
}

@ObjectType('TrackedApplicationEvent', { description: 'An entry of an application timeline, as the applicant sees it.' })
export class TrackedApplicationEvent {
  @NonNull(() => ApplicationEventKind, 'STATUS_CHANGE or MESSAGE: internal notes are never shown.') kind!: ApplicationEventKind;
  @NonNull(() => ApplicationActor, 'Who wrote the entry: staff or the applicant.') author!: ApplicationActor;

  @Nullable(() => ApplicationStatus, 'For a change of status: the status before; null for the submission.')
  fromStatus!: ApplicationStatus | null;

  @Nullable(() => ApplicationStatus, 'For a change of status: the new status.') toStatus!: ApplicationStatus | null;
  @Nullable(() => String, 'The message, if any.') body!: string | null;
  @NonNull(() => DateTimeISOResolver, 'When it happened.') occurredAt!: Date;
}

/**
 * An application as its applicant sees it, with the reference and access token: what they sent,
 * where it is, and the messages meant for them. Never an internal note or a staff member's name.
 */
@ObjectType('TrackedApplication', { description: 'An application as its applicant sees it.' })
export class TrackedApplication {
  @NonNull(() => String, "The application's reference, such as APP-7K2Q9.") reference!: string;
  @NonNull(() => ApplicationStatus, 'Where the application is in the review process.') status!: ApplicationStatus;
  @NonNull(() => ProgramEntity, 'The program applied to.') program!: ProgramEntity;
  @NonNull(() => String, "The applying company's name.") companyName!: string;
  @NonNull(() => String, "The applying company's website.") companyWebsite!: string;
  @NonNull(() => String, "ISO 3166-1 alpha-2 code of the company's headquarters, such as DE.") headquartersCountry!: string;
  @NonNull(() => String, "The contact person's name.") contactName!: string;
  @NonNull(() => String, "The contact person's email address.") contactEmail!: string;
  @Nullable(() => String, "The contact person's phone number, if given.") contactPhone!: string | null;
  @NonNull(() => String, "What the company's product is, as the applicant described it.") productSummary!: string;
  @NonNull(() => String, "The applicant's message to the program.") message!: string;
  @NonNull(() => DateTimeISOResolver, 'When the application was submitted.') submittedAt!: Date;
  @NonNull(() => DateTimeISOResolver, 'When the status last changed.') statusChangedAt!: Date;
  @NonNull(() => [TrackedApplicationEvent], 'Changes of status and messages, oldest first.') timeline!: TrackedApplicationEvent[];
  @NonNull(() => Boolean, 'Whether the program asked for more information, which replyToApplication answers.') canReply!: boolean;
  @NonNull(() => Boolean, 'Whether the application is still open, so that withdrawApplication can end it.') canWithdraw!: boolean;
}

@ObjectType('ApplicationStatusCount', { description: 'How many applications have a status.' })
export class ApplicationStatusCount {
  @NonNull(() => ApplicationStatus, 'The status counted.') status!: ApplicationStatus;
  @NonNull(() => Int, 'How many applications have this status.') count!: number;
}

@ObjectType('ApplicationPipelineFigures', {
  description: 'Counts and medians of applications, without anything about who applied.',
})
export class ApplicationPipelineFigures {
  @NonNull(() => [ApplicationStatusCount], 'Open applications by status: every open status, zeros too.')
  open!: ApplicationStatusCount[];

  @NonNull(() => Int, 'Open applications, all statuses together.') openTotal!: number;
  @NonNull(() => Int, 'Applications accepted or declined (first decision) in the period.') decisions!: number;

  @Nullable(() => Float, 'Median days from submission to decision, over the decisions of the period; null without any.')
  medianDaysToDecision!: number | null;

  @NonNull(() => Int, 'Applications onboarded in the period.') onboardings!: number;

  @Nullable(() => Float, 'Median days from acceptance to onboarding, over the onboardings of the period; null without any.')
  medianDaysToOnboarding!: number | null;
}

@ObjectType('ProgramApplicationPipeline', { description: 'Where the applications to one program stand.' })
export class ProgramApplicationPipeline {
  @NonNull(() => ProgramEntity, 'The program.') program!: ProgramEntity;
  @Nullable(() => Int, 'How many partners the program can take; null when not limited.') partnerCapacity!: number | null;
  @NonNull(() => Int, 'Partner places taken: applications accepted or onboarded.') partnerPlacesTaken!: number;
  @NonNull(() => Int, 'Onboarded applications, ever.') onboardedPartners!: number;
  @NonNull(() => ApplicationPipelineFigures, "The program's application figures.") figures!: ApplicationPipelineFigures;
}

@ObjectType('ApplicationPipeline', { description: 'Where applications stand, per program and overall. Staff only.' })
export class ApplicationPipeline {
  @NonNull(() => DateTimeISOResolver, 'Start of the period of the medians: a year before now.') since!: Date;
  @NonNull(() => ApplicationPipelineFigures, 'The figures across all programs.') overall!: ApplicationPipelineFigures;

  @NonNull(() => [ProgramApplicationPipeline], 'The programs with any application (or the one asked for), by name.')
  programs!: ProgramApplicationPipeline[];
}
