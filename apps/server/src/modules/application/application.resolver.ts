import { ApplicationStatus, allowedTransitions } from '@certhub/domain/application';
import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId, parseGlobalId } from '../../shared/global-id.js';
import { connectionType } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEntity } from './application.entity.js';
import {
  AddApplicationNoteInput,
  ApplicationFilterInput,
  ReplyToApplicationInput,
  SendApplicationMessageInput,
  SetApplicationStatusInput,
  SubmitApplicationInput,
  WithdrawApplicationInput,
} from './application.inputs.js';
import { ApplicationPipeline, ApplicationReceipt, TrackedApplication } from './application.types.js';
import { ApplicationEventEntity } from './application-event.entity.js';

const ApplicationConnection = connectionType(ApplicationEntity, 'Application');

/**
 * Applications: public submission and, with the reference and access token, following,
 * answering and withdrawing; everything else is for staff. Answers about an application are
 * never cached (see `privateAnswer`).
 */
@Resolver(() => ApplicationEntity)
export class ApplicationResolver {
  @Mutation(() => ApplicationReceipt, {
    description:
      'Applies to a program that is seeking partners. Public; limited per client address per hour. The access token is shown only in this answer.',
  })
  submitApplication(
    @Ctx() context: Context,
    @Arg('input', () => SubmitApplicationInput, { description: 'The application form.' }) input: SubmitApplicationInput,
  ): Promise<ApplicationReceipt> {
    return context.services.applications.submit(input, context.request);
  }

  @Query(() => TrackedApplication, {
    description: 'An application as its applicant sees it. NOT_FOUND alike for an unknown reference and a wrong token.',
  })
  trackApplication(
    @Ctx() context: Context,
    @Arg('reference', () => String, { description: "The application's reference, such as APP-7K2Q9." }) reference: string,
    @Arg('token', () => String, { description: 'The access token given when the application was submitted.' }) token: string,
  ): Promise<TrackedApplication> {
    context.privateAnswer = true;
    return context.services.applications.track(reference, token);
  }

  @Mutation(() => TrackedApplication, {
    description: 'The applicant answers what the program asked (INFO_REQUESTED); the application goes back in review.',
  })
  replyToApplication(
    @Ctx() context: Context,
    @Arg('input', () => ReplyToApplicationInput, { description: 'The application, its access token and the answer.' })
    input: ReplyToApplicationInput,
  ): Promise<TrackedApplication> {
    context.privateAnswer = true;
    return context.services.applications.reply(input, context.request);
  }

  @Mutation(() => TrackedApplication, { description: 'The applicant withdraws an open application.' })
  withdrawApplication(
    @Ctx() context: Context,
    @Arg('input', () => WithdrawApplicationInput, { description: 'The application, its access token and, optionally, why.' })
    input: WithdrawApplicationInput,
  ): Promise<TrackedApplication> {
    context.privateAnswer = true;
    return context.services.applications.withdraw(input, context.request);
  }

  @RequireRole(StaffRole.EDITOR)
  @Query(() => ApplicationConnection, { description: 'Applications, newest first, filtered and paginated. Staff only.' })
  applications(
    @Ctx() { services }: Context,
    @Arg('filter', () => ApplicationFilterInput, { nullable: true, description: 'Which applications to list; all without it.' })
    filter?: ApplicationFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100; 50 when omitted.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge already read.' }) after?: string | null,
  ) {
    return services.applicationReviews.findPage(filter, { first, after });
  }

  @RequireRole(StaffRole.EDITOR)
  @Query(() => ApplicationEntity, { nullable: true, description: 'One application by id; null when there is none. Staff only.' })
  application(
    @Ctx() { services }: Context,
    @Arg('id', () => ID, { description: "The application's id." }) id: string,
  ): Promise<ApplicationEntity | null> {
    const parsed = parseGlobalId(id);
    return parsed?.type === 'Application' ? services.applicationReviews.findById(parsed.id) : Promise.resolve(null);
  }

  @RequireRole(StaffRole.EDITOR)
  @Query(() => ApplicationPipeline, {
    description: 'Open applications by status and the medians of the last year, per program and overall. Staff only.',
  })
  applicationPipeline(
    @Ctx() { services }: Context,
    @Arg('programId', () => ID, { nullable: true, description: 'Only this program.' }) programId?: string | null,
  ): Promise<ApplicationPipeline> {
    return services.applicationPipeline.figures(programId ? expectGlobalId(programId, 'Program', 'programId') : null);
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ApplicationEntity, {
    description:
      'Moves an application to one of its allowedTransitions. Its version must match; accepting needs a free partner place.',
  })
  setApplicationStatus(
    @Ctx() context: Context,
    @Arg('input', () => SetApplicationStatusInput, { description: 'The application and its new status.' })
    input: SetApplicationStatusInput,
  ): Promise<ApplicationEntity> {
    return context.services.applicationReviews.setStatus(
      { ...input, applicationId: expectGlobalId(input.applicationId, 'Application', 'input.applicationId') },
      auditActorOf(context),
    );
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ApplicationEntity, { description: 'Adds an internal note: the applicant never sees it.' })
  addApplicationNote(
    @Ctx() context: Context,
    @Arg('input', () => AddApplicationNoteInput, { description: 'The application and the note.' }) input: AddApplicationNoteInput,
  ): Promise<ApplicationEntity> {
    return context.services.applicationReviews.addNote(
      expectGlobalId(input.applicationId, 'Application', 'input.applicationId'),
      input.note,
      auditActorOf(context),
    );
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ApplicationEntity, { description: 'Sends the applicant a message, shown on their timeline and told by email.' })
  sendApplicationMessage(
    @Ctx() context: Context,
    @Arg('input', () => SendApplicationMessageInput, { description: 'The application and the message.' })
    input: SendApplicationMessageInput,
  ): Promise<ApplicationEntity> {
    return context.services.applicationReviews.sendMessage(
      expectGlobalId(input.applicationId, 'Application', 'input.applicationId'),
      input.message,
      auditActorOf(context),
    );
  }

  @FieldResolver(() => ProgramEntity, { description: 'The program applied to.' })
  async program(@Root() application: ApplicationEntity, @Ctx() { loaders }: Context): Promise<ProgramEntity> {
    const program = await loaders.programById.load(application.programId);
    if (!program) throw new Error(`Application ${application.id} has no program ${application.programId}.`);
    return program;
  }

  @FieldResolver(() => [ApplicationStatus], { description: 'Where staff can move it next.' })
  allowedTransitions(@Root() application: ApplicationEntity): ApplicationStatus[] {
    return allowedTransitions(application.status, 'STAFF');
  }

  @FieldResolver(() => [ApplicationEventEntity], {
    description: 'Changes of status, messages and internal notes, oldest first.',
  })
  timeline(@Root() application: ApplicationEntity, @Ctx() { loaders }: Context): Promise<ApplicationEventEntity[]> {
    return loaders.applicationEventsByApplicationId.load(application.id);
  }
}
