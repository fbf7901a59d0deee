import { ApplicationActor, ApplicationStatus } from '@certhub/domain/application';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEventKind } from './application.enums.js';

@ObjectType('ApplicationReceipt', { description: 'What an applicant keeps to follow their application.' })
export class ApplicationReceipt {
  @Field(() => String, { description: 'Such as APP-7K2Q9: to quote in any correspondence.' })
  reference!: string;

  @Field(() => String, {
    description: 'The secret that, with the reference, opens the application. Shown this once: it is stored only as a hash.',
  })
  accessToken!: string;
}

@ObjectType('TrackedApplicationEvent', { description: 'An entry of an application timeline, as the applicant sees it.' })
export class TrackedApplicationEvent {
  @Field(() => ApplicationEventKind, { description: 'STATUS_CHANGE or MESSAGE: internal notes are never shown.' })
  kind!: ApplicationEventKind;

  @Field(() => ApplicationActor, { description: 'Who wrote the entry: staff or the applicant.' })
  author!: ApplicationActor;

  @Field(() => ApplicationStatus, {
    nullable: true,
    description: 'For a change of status: the status before; null for the submission.',
  })
  fromStatus!: ApplicationStatus | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'For a change of status: the new status.' })
  toStatus!: ApplicationStatus | null;

  @Field(() => String, { nullable: true, description: 'The message, if any.' })
  body!: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When it happened.' })
  occurredAt!: Date;
}

/**
 * An application as its applicant sees it, with the reference and access token: what they sent,
 * where it is, and the messages meant for them. Never an internal note or a staff member's name.
 */
@ObjectType('TrackedApplication', { description: 'An application as its applicant sees it.' })
export class TrackedApplication {
  @Field(() => String, { description: "The application's reference, such as APP-7K2Q9." })
  reference!: string;

  @Field(() => ApplicationStatus, { description: 'Where the application is in the review process.' })
  status!: ApplicationStatus;

  @Field(() => ProgramEntity, { description: 'The program applied to.' })
  program!: ProgramEntity;

  @Field(() => String, { description: "The applying company's name." })
  companyName!: string;

  @Field(() => String, { description: "The applying company's website." })
  companyWebsite!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 code of the company's headquarters, such as DE." })
  headquartersCountry!: string;

  @Field(() => String, { description: "The contact person's name." })
  contactName!: string;

  @Field(() => String, { description: "The contact person's email address." })
  contactEmail!: string;

  @Field(() => String, { nullable: true, description: "The contact person's phone number, if given." })
  contactPhone!: string | null;

  @Field(() => String, { description: "What the company's product is, as the applicant described it." })
  productSummary!: string;

  @Field(() => String, { description: "The applicant's message to the program." })
  message!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the application was submitted.' })
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When the status last changed.' })
  statusChangedAt!: Date;

  @Field(() => [TrackedApplicationEvent], { description: 'Changes of status and messages, oldest first.' })
  timeline!: TrackedApplicationEvent[];

  @Field(() => Boolean, { description: 'Whether the program asked for more information, which replyToApplication answers.' })
  canReply!: boolean;

  @Field(() => Boolean, { description: 'Whether the application is still open, so that withdrawApplication can end it.' })
  canWithdraw!: boolean;
}

@ObjectType('ApplicationStatusCount', { description: 'How many applications have a status.' })
export class ApplicationStatusCount {
  @Field(() => ApplicationStatus, { description: 'The status counted.' })
  status!: ApplicationStatus;

  @Field(() => Int, { description: 'How many applications have this status.' })
  count!: number;
}

@ObjectType('ApplicationPipelineFigures', {
  description: 'Counts and medians of applications, without anything about who applied.',
})
export class ApplicationPipelineFigures {
  @Field(() => [ApplicationStatusCount], { description: 'Open applications by status: every open status, zeros too.' })
  open!: ApplicationStatusCount[];

  @Field(() => Int, { description: 'Open applications, all statuses together.' })
  openTotal!: number;

  @Field(() => Int, { description: 'Applications accepted or declined (first decision) in the period.' })
  decisions!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median days from submission to decision, over the decisions of the period; null without any.',
  })
  medianDaysToDecision!: number | null;

  @Field(() => Int, { description: 'Applications onboarded in the period.' })
  onboardings!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median days from acceptance to onboarding, over the onboardings of the period; null without any.',
  })
  medianDaysToOnboarding!: number | null;
}

@ObjectType('ProgramApplicationPipeline', { description: 'Where the applications to one program stand.' })
export class ProgramApplicationPipeline {
  @Field(() => ProgramEntity, { description: 'The program.' })
  program!: ProgramEntity;

  @Field(() => Int, { nullable: true, description: 'How many partners the program can take; null when not limited.' })
  partnerCapacity!: number | null;

  @Field(() => Int, { description: 'Partner places taken: applications accepted or onboarded.' })
  partnerPlacesTaken!: number;

  @Field(() => Int, { description: 'Onboarded applications, ever.' })
  onboardedPartners!: number;

  @Field(() => ApplicationPipelineFigures, { description: "The program's application figures." })
  figures!: ApplicationPipelineFigures;
}

@ObjectType('ApplicationPipeline', { description: 'Where applications stand, per program and overall. Staff only.' })
export class ApplicationPipeline {
  @Field(() => DateTimeISOResolver, { description: 'Start of the period of the medians: a year before now.' })
  since!: Date;

  @Field(() => ApplicationPipelineFigures, { description: 'The figures across all programs.' })
  overall!: ApplicationPipelineFigures;

  @Field(() => [ProgramApplicationPipeline], {
    description: 'The programs with any application (or the one asked for), by name.',
  })
  programs!: ProgramApplicationPipeline[];
}
