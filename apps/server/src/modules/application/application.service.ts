import { randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import {
  APPLICATION_NOTE_MAX_LENGTH,
  APPLICATION_REASON_MAX_LENGTH,
  ApplicationActor,
  ApplicationStatus,
  allowedTransitions,
  checkApplicationSubmission,
  companyKey,
  type FieldProblem,
  isOpenApplicationStatus,
  normalizeReference,
  OPEN_APPLICATION_STATUSES,
  websiteHost,
} from '@certhub/domain/application';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction, lockKeys } from '../../db/transaction.js';
import { type CounterStore, memoryCounters } from '../../platform/counters.js';
import { RecipientCap } from '../../platform/notification/recipient-cap.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { expectGlobalId } from '../../shared/global-id.js';
import type { AuditActor, RequestInfo } from '../../shared/request-context.js';
import { recordChange } from '../change/record-change.js';
import { RequirementEntity } from '../how-to-join/how-to-join.entities.js';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramLabEntity } from '../program/program-lab.entity.js';
import { accessTokenMatches, hashAccessToken, NO_APPLICATION_HASH, newAccessToken, newReference } from './access-token.js';
import { ApplicationEntity } from './application.entity.js';
import { ApplicationEventKind } from './application.enums.js';
import type { ReplyToApplicationInput, SubmitApplicationInput, WithdrawApplicationInput } from './application.inputs.js';
import type { ApplicationReceipt, TrackedApplication } from './application.types.js';
import { ApplicationEventEntity } from './application-event.entity.js';
import { applicantNotification, duplicateNotification, staffNotification } from './application-notifications.js';
import { APPLICANT, addTimelineEvents, moveApplication, textInput } from './application-workflow.js';
import { DEFAULT_APPLICATIONS_PER_HOUR, SubmissionThrottle } from './submission-throttle.js';

export interface ApplicationPolicy {
  /** Submissions per client address per hour; 0 turns the limit off (APPLICATIONS_PER_HOUR). */
  perHour: number;
  /** Where staff are told of new applications, answers and withdrawals (STAFF_NOTIFICATION_EMAIL); null: the log. */
  staffNotificationEmail: string | null;
}

export const DEFAULT_APPLICATION_POLICY: ApplicationPolicy = {
  perHour: DEFAULT_APPLICATIONS_PER_HOUR,
  staffNotificationEmail: null,
};

/** The longest token looked at: real ones are 43 characters. */
const TOKEN_MAX_LENGTH = 200;
const REFERENCE_ATTEMPTS = 10;

/** The lock key of a program's applications: submissions to one program take turns, so duplicates are seen. */
const applicationsOfProgramKey = (programId: number) => `applications-of-program:${programId}`;

/**
 * What anyone can do without an account: apply to a program that is seeking partners, and, with
 * the reference and access token, follow the application, answer a question, or withdraw.
 */
export class ApplicationService {
  private readonly throttle: SubmissionThrottle;

  /** Per-client counters in `counters` (Redis when set); emails to the applicant within `recipientCap`. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: ApplicationPolicy = DEFAULT_APPLICATION_POLICY,
    counters: CounterStore = memoryCounters(),
    private readonly recipientCap: RecipientCap = new RecipientCap(),
  ) {
    this.throttle = new SubmissionThrottle(policy.perHour, counters);
  }

  /**
   * Takes a submission. The client address's hourly allowance is taken first and given back when
   * the submission is refused for what its form says, so that correcting a form costs nothing. A
   * filled honeypot, and a duplicate of an open application, get an answer that looks like
   * success; the duplicate's applicant is told by email, and it keeps its place in the allowance.
   */
  async submit(input: SubmitApplicationInput, request: RequestInfo): Promise<ApplicationReceipt> {
    const address = request.ip;
    await this.throttle.take(address);
    if (input.honeypot?.trim()) return { reference: newReference(), accessToken: newAccessToken() };
    try {
      return await this.submitChecked(input, request);
    } catch (error) {
      await this.throttle.giveBack(address);
      throw error;
    }
  }

  private async submitChecked(input: SubmitApplicationInput, request: RequestInfo): Promise<ApplicationReceipt> {
    const programId = expectGlobalId(input.programId, 'Program', 'input.programId');
    // Whether the program takes applications at all comes before the form's details.
    await refuseProgram(this.dataSource.manager, programId);
    const requirements = await this.dataSource.getRepository(RequirementEntity).find({ order: { position: 'ASC' } });
    const { programId: _programId, honeypot: _honeypot, ...form } = input;
    const check = checkApplicationSubmission(
      form,
      requirements.map((requirement) => requirement.id),
    );
    if (!check.ok) throw invalidForm(check.problems);
    const fields = check.value;
    const accessToken = newAccessToken();
    const accessTokenHash = hashAccessToken(accessToken);
    const key = companyKey(fields.companyName);
    const host = websiteHost(fields.companyWebsite);

    const application = await inTransaction(this.dataSource, async (manager) => {
      await lockKeys(manager, [applicationsOfProgramKey(programId)]);
      const program = await refuseProgram(manager, programId);
      const duplicate = await findDuplicate(manager, { programId, key, host });
      if (duplicate) {
        await this.answerDuplicate(manager, request, duplicate, { ...fields, programName: program.name });
        return null;
      }
      const now = new Date();
      const saved = await manager.save(
        manager.create(ApplicationEntity, {
          ...fields,
          reference: await unusedReference(manager),
          programId,
          status: ApplicationStatus.SUBMITTED,
          companyKey: key,
          websiteHost: host,
          accessTokenHash,
          version: 1,
          submittedAt: now,
          statusChangedAt: now,
          decidedAt: null,
          acceptedAt: null,
          onboardedAt: null,
        }),
      );
      const actor = applicantActor(request);
      await addTimelineEvents(manager, actor, ApplicationActor.APPLICANT, saved.id, now, [
        { kind: ApplicationEventKind.STATUS_CHANGE, toStatus: ApplicationStatus.SUBMITTED, body: null, vendorVisible: true },
      ]);
      const notified = { ...saved, programName: program.name };
      const receipt = (await this.recipientCap.take(saved.contactEmail))
        ? applicantNotification(notified, 'received', null)
        : null;
      await recordChange(manager, {
        audit: [
          {
            ...actor,
            batchId: randomUUID(),
            entityType: 'Application',
            entityId: String(saved.id),
            action: 'application-submitted',
            summary: `${saved.reference}: ${saved.companyName} applied to ${program.name}`,
            changes: { status: { from: null, to: ApplicationStatus.SUBMITTED } },
          },
        ],
        emails: [receipt, staffNotification(notified, 'submitted', this.policy.staffNotificationEmail)].filter(
          (notification) => notification !== null,
        ),
      });
      return saved;
    });
    // A duplicate gets a receipt like any other, that opens nothing: the answer must not tell it apart.
    return { reference: application?.reference ?? newReference(), accessToken };
  }

  /**
   * One open application per company and program (the same name as `companyKey` compares, or the
   * same website host). Another is not recorded; its contact address is told so (within the cap on
   * emails to one address), and the staff's audit trail shows the attempt on the open application.
   */
  private async answerDuplicate(
    manager: EntityManager,
    request: RequestInfo,
    open: ApplicationEntity,
    submission: { companyName: string; contactName: string; contactEmail: string; programName: string },
  ): Promise<void> {
    const told = await this.recipientCap.take(submission.contactEmail);
    await recordChange(manager, {
      emails: told ? [duplicateNotification(submission)] : [],
      audit: [
        {
          ...applicantActor(request),
          batchId: randomUUID(),
          entityType: 'Application',
          entityId: String(open.id),
          action: 'application-duplicate',
          summary: `${open.reference}: ${submission.companyName} applied again to ${submission.programName}; not recorded, ${told ? 'its contact address was told' : 'its contact address had had its emails for the day'}`,
          changes: null,
        },
      ],
    });
  }

  /** The application as its applicant sees it; NOT_FOUND alike for an unknown reference and a wrong token. */
  async track(reference: string, token: string): Promise<TrackedApplication> {
    const application = await authenticate(this.dataSource.manager, reference, token, 'reference');
    return trackedApplication(this.dataSource.manager, application);
  }

  /** Answers the program's question: the application goes back in review. */
  async reply(input: ReplyToApplicationInput, request: RequestInfo): Promise<TrackedApplication> {
    const message = textInput(input.message, {
      max: APPLICATION_NOTE_MAX_LENGTH,
      field: 'input.message',
      requiredMessage: 'Write your answer to what the program asked.',
    });
    return inTransaction(this.dataSource, async (manager) => {
      const before = await authenticate(manager, input.reference, input.token, 'input.reference');
      if (before.status !== ApplicationStatus.INFO_REQUESTED) {
        throw badUserInput(
          'The program has not asked for more information, so there is nothing to answer: it will write to you if it needs anything.',
          'input.message',
          { reason: 'NO_QUESTION', status: before.status },
        );
      }
      const after = await moveApplication(
        manager,
        before,
        this.applicantMove(request, ApplicationStatus.IN_REVIEW, before, message),
      );
      return trackedApplication(manager, after);
    });
  }

  async withdraw(input: WithdrawApplicationInput, request: RequestInfo): Promise<TrackedApplication> {
    const reason = textInput(input.reason, { max: APPLICATION_REASON_MAX_LENGTH, field: 'input.reason' });
    return inTransaction(this.dataSource, async (manager) => {
      const before = await authenticate(manager, input.reference, input.token, 'input.reference');
      const after = await moveApplication(
        manager,
        before,
        this.applicantMove(request, ApplicationStatus.WITHDRAWN, before, reason),
      );
      return trackedApplication(manager, after);
    });
  }

  private applicantMove(request: RequestInfo, to: ApplicationStatus, before: ApplicationEntity, message: string | null) {
    return {
      to,
      expectedVersion: before.version,
      by: ApplicationActor.APPLICANT,
      actor: applicantActor(request),
      message,
      note: null,
      staffEmail: this.policy.staffNotificationEmail,
    };
  }
}

function applicantActor(request: RequestInfo): AuditActor {
  return { actor: APPLICANT, actorId: null, requestId: request.requestId };
}

/** The submission's BAD_USER_INPUT: the first field at fault, and every one in `fieldErrors`. */
function invalidForm(problems: readonly FieldProblem[]) {
  // `problem` and `max` let a form say it in its own language.
  const fieldErrors = problems.map(({ field, message, problem, max }) => ({
    field: `input.${field}`,
    message,
    problem,
    ...(max === undefined ? {} : { max }),
  }));
  const [first] = fieldErrors;
  return badUserInput(
    fieldErrors.length > 1 ? `${first?.message} (and ${fieldErrors.length - 1} more)` : (first?.message ?? 'Check the form.'),
    first?.field,
    { fieldErrors },
  );
}

/** The program, if it takes applications; otherwise the refusal that says why, each with its own `reason`. */
async function refuseProgram(manager: EntityManager, programId: number): Promise<ProgramEntity> {
  const program = await manager.findOneBy(ProgramEntity, { id: programId });
  if (!program) throw notFound('No program has this id.', 'input.programId');
  switch (program.admissionStatus) {
    case AdmissionStatus.SEEKING_PARTNERS:
      return program;
    case AdmissionStatus.CLOSED:
      throw badUserInput(`The ${program.name} program is closed: it takes no applications.`, 'input.programId', {
        reason: 'PROGRAM_CLOSED',
      });
    case AdmissionStatus.NO_ADMISSION_REVIEW: {
      const labs = await labsOf(manager, programId);
      const named = labs.map((lab) => (lab.url ? `${lab.name} (${lab.url})` : lab.name)).join(', ');
      throw badUserInput(
        `The ${program.name} program needs no admission review, so it takes no applications: contact a certification lab to test your product instead${named ? `: ${named}` : ''}.`,
        'input.programId',
        { reason: 'NO_ADMISSION_REVIEW', labs: labs.map(({ name, url }) => ({ name, url })) },
      );
    }
    case AdmissionStatus.NOT_SEEKING_PARTNERS:
      throw badUserInput(
        `The ${program.name} program is not seeking partners at the moment, so it takes no applications. Come back when it is.`,
        'input.programId',
        { reason: 'NOT_SEEKING_PARTNERS' },
      );
  }
}

function labsOf(manager: EntityManager, programId: number): Promise<LabEntity[]> {
  return manager
    .createQueryBuilder(LabEntity, 'lab')
    .innerJoin(ProgramLabEntity, 'link', 'link.labId = lab.id')
    .where('link.programId = :programId', { programId })
    .orderBy('link.position', 'ASC')
    .getMany();
}

/**
 * The open application of the same company (name as `companyKey` compares, or website host) to the
 * program, if any: one lookup by name, then one by host, each on its index (program, name) and
 * (program, host). One statement with `name OR host` read every open application of the program,
 * and so cost more with each application it received.
 */
async function findDuplicate(
  manager: EntityManager,
  candidate: { programId: number; key: string; host: string | null },
): Promise<ApplicationEntity | null> {
  const open = (same: SameCompany) => openApplicationQuery(manager, candidate.programId, same).getOne();
  return (await open({ companyKey: candidate.key })) ?? (candidate.host ? open({ websiteHost: candidate.host }) : null);
}

type SameCompany = { companyKey: string } | { websiteHost: string };

/** The first open application to the program of the company known by `same`: one of the duplicate check's two lookups. */
export function openApplicationQuery(manager: EntityManager, programId: number, same: SameCompany) {
  const [column, value] = 'companyKey' in same ? ['companyKey', same.companyKey] : ['websiteHost', same.websiteHost];
  return manager
    .createQueryBuilder(ApplicationEntity, 'application')
    .where('application.programId = :programId', { programId })
    .andWhere(`application.${column} = :value`, { value })
    .andWhere('application.status IN (:...open)', { open: [...OPEN_APPLICATION_STATUSES] })
    .orderBy('application.id', 'ASC')
    .limit(1);
}

async function unusedReference(manager: EntityManager): Promise<string> {
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const reference = newReference();
    if (!(await manager.existsBy(ApplicationEntity, { reference }))) return reference;
  }
  throw new Error('No unused application reference was found.');
}

/**
 * The application of `reference` if `token` opens it. An unknown reference and a wrong token get
 * the same NOT_FOUND, after the same work, so neither tells which references exist.
 */
async function authenticate(manager: EntityManager, reference: string, token: string, field: string): Promise<ApplicationEntity> {
  const normalized = normalizeReference(reference);
  const application = normalized ? await manager.findOneBy(ApplicationEntity, { reference: normalized }) : null;
  const presented = token.length <= TOKEN_MAX_LENGTH ? token : '';
  const matches = accessTokenMatches(presented, application?.accessTokenHash ?? NO_APPLICATION_HASH);
  if (!application || !matches) throw notFound('No application has this reference and access token.', field);
  return application;
}

async function trackedApplication(manager: EntityManager, application: ApplicationEntity): Promise<TrackedApplication> {
  const program = await manager.findOneByOrFail(ProgramEntity, { id: application.programId });
  const events = await manager.find(ApplicationEventEntity, {
    where: { applicationId: application.id, vendorVisible: true },
    order: { occurredAt: 'ASC', id: 'ASC' },
  });
  return {
    reference: application.reference,
    status: application.status,
    program,
    companyName: application.companyName,
    companyWebsite: application.companyWebsite,
    headquartersCountry: application.headquartersCountry,
    contactName: application.contactName,
    contactEmail: application.contactEmail,
    contactPhone: application.contactPhone,
    productSummary: application.productSummary,
    message: application.message,
    submittedAt: application.submittedAt,
    statusChangedAt: application.statusChangedAt,
    timeline: events.map(({ kind, author, fromStatus, toStatus, body, occurredAt }) => ({
      kind,
      author,
      fromStatus,
      toStatus,
      body,
      occurredAt,
    })),
    canReply: application.status === ApplicationStatus.INFO_REQUESTED,
    canWithdraw: isOpenApplicationStatus(application.status) && allowedTransitions(application.status, 'APPLICANT').length > 0,
  };
}
