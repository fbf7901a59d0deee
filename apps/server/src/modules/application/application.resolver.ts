import { ApplicationStatus, allowedTransitions } from '@certhub/domain/application';
import { StaffRole } from '@certhub/domain/staff';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId, expectInputId, parseGlobalId, withInputId } from '../../shared/global-id.js';
import { connectionType, PageArgs } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
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
    @InputArg(() => SubmitApplicationInput, 'The application form.') input: SubmitApplicationInput,
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
    @InputArg(() => ReplyToApplicationInput, 'The application, its access token and the answer.') input: ReplyToApplicationInput,
  ): Promise<TrackedApplication> {
    context.privateAnswer = true;
    return context.services.applications.reply(input, context.request);
  }

  @Mutation(() => TrackedApplication, { description: 'The applicant withdraws an open application.' })
  withdrawApplication(
    @Ctx() context: Context,
    @InputArg(() => WithdrawApplicationInput, 'The application, its access token and, optionally, why.')
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
    filter: ApplicationFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.applicationReviews.findPage(filter, page);
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

  @EditorMutation(
    () => ApplicationEntity,
    'Moves an application to one of its allowedTransitions. Its version must match; accepting needs a free partner place.',
  )
  setApplicationStatus(
    @Ctx() context: Context,
    @InputArg(() => SetApplicationStatusInput, 'The application and its new status.') input: SetApplicationStatusInput,
  ): Promise<ApplicationEntity> {
    const change = withInputId(input, 'applicationId', 'Application');
    return context.services.applicationReviews.setStatus(change, auditActorOf(context));
  }

  @EditorMutation(() => ApplicationEntity, 'Adds an internal note: the applicant never sees it.')
  addApplicationNote(
    @Ctx() context: Context,
    @InputArg(() => AddApplicationNoteInput, 'The application and the note.') input: AddApplicationNoteInput,
  ): Promise<ApplicationEntity> {
    const applicationId = expectInputId(input, 'applicationId', 'Application');
    return context.services.applicationReviews.addNote(applicationId, input.note, auditActorOf(context));
  }

  @EditorMutation(() => ApplicationEntity, 'Sends the applicant a message, shown on their timeline and told by email.')
  sendApplicationMessage(
    @Ctx() context: Context,
    @InputArg(() => SendApplicationMessageInput, 'The application and the message.') input: SendApplicationMessageInput,
  ): Promise<ApplicationEntity> {
    const applicationId = expectInputId(input, 'applicationId', 'Application');
    return context.services.applicationReviews.sendMessage(applicationId, input.message, auditActorOf(context));
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
