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

  @Field(() => ApplicationActor)
  author!: ApplicationActor;

  @Field(() => ApplicationStatus, { nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Field(() => ApplicationStatus, { nullable: true })
  toStatus!: ApplicationStatus | null;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => DateTimeISOResolver)
  occurredAt!: Date;
}

/**
 * An application as its applicant sees it, with the reference and access token: what they sent,
 * where it is, and the messages meant for them. Never an internal note or a staff member's name.
 */
@ObjectType('TrackedApplication', { description: 'An application as its applicant sees it.' })
export class TrackedApplication {
  @Field(() => String)
  reference!: string;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => ProgramEntity)
  program!: ProgramEntity;

  @Field(() => String)
  companyName!: string;

  @Field(() => String)
  companyWebsite!: string;

  @Field(() => String)
  headquartersCountry!: string;

  @Field(() => String)
  contactName!: string;

  @Field(() => String)
  contactEmail!: string;

  @Field(() => String, { nullable: true })
  contactPhone!: string | null;

  @Field(() => String)
  productSummary!: string;

  @Field(() => String)
  message!: string;

  @Field(() => DateTimeISOResolver)
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver)
  statusChangedAt!: Date;

  @Field(() => [TrackedApplicationEvent], { description: 'Changes of status and messages, oldest first.' })
  timeline!: TrackedApplicationEvent[];

  @Field(() => Boolean, { description: 'Whether the program asked for more information, which replyToApplication answers.' })
  canReply!: boolean;

  @Field(() => Boolean, { description: 'Whether the application is still open, so that withdrawApplication can end it.' })
  canWithdraw!: boolean;
}

@ObjectType('ApplicationStatusCount')
export class ApplicationStatusCount {
  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ApplicationPipelineFigures', {
  description: 'Counts and medians of applications, without anything about who applied.',
})
export class ApplicationPipelineFigures {
  @Field(() => [ApplicationStatusCount], { description: 'Open applications by status: every open status, zeros too.' })
  open!: ApplicationStatusCount[];

  @Field(() => Int)
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

@ObjectType('ProgramApplicationPipeline')
export class ProgramApplicationPipeline {
  @Field(() => ProgramEntity)
  program!: ProgramEntity;

  @Field(() => Int, { nullable: true, description: 'How many partners the program can take; null when not limited.' })
  partnerCapacity!: number | null;

  @Field(() => Int, { description: 'Partner places taken: applications accepted or onboarded.' })
  partnerPlacesTaken!: number;

  @Field(() => Int, { description: 'Onboarded applications, ever.' })
  onboardedPartners!: number;

  @Field(() => ApplicationPipelineFigures)
  figures!: ApplicationPipelineFigures;
}

@ObjectType('ApplicationPipeline', { description: 'Where applications stand, per program and overall. Staff only.' })
export class ApplicationPipeline {
  @Field(() => DateTimeISOResolver, { description: 'Start of the period of the medians: a year before now.' })
  since!: Date;

  @Field(() => ApplicationPipelineFigures)
  overall!: ApplicationPipelineFigures;

  @Field(() => [ProgramApplicationPipeline], {
    description: 'The programs with any application (or the one asked for), by name.',
  })
  programs!: ProgramApplicationPipeline[];
}
