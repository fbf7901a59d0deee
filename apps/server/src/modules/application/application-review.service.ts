import { randomUUID } from 'node:crypto';
import {
  APPLICATION_NOTE_MAX_LENGTH,
  ApplicationActor,
  ApplicationStatus,
  normalizeReference,
} from '@certhub/domain/application';
import { Brackets, type DataSource, In } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { badUserInput } from '../../shared/errors.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { containsPattern } from '../../shared/like-pattern.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import type { AuditActor } from '../../shared/request-context.js';
import { recordChange } from '../change/record-change.js';
import { ApplicationEntity } from './application.entity.js';
import { ApplicationEventKind } from './application.enums.js';
import type { ApplicationFilterInput } from './application.inputs.js';
import type { ApplicationPolicy } from './application.service.js';
import { ApplicationEventEntity } from './application-event.entity.js';
import { applicantNotification } from './application-notifications.js';
import { addTimelineEvents, getApplication, moveApplication, notifiedApplication, textInput } from './application-workflow.js';

const MAX_SEARCH_LENGTH = 200;

export interface StatusChangeInput {
  applicationId: number;
  status: ApplicationStatus;
  expectedVersion: number;
  message?: string | null;
  note?: string | null;
}

/** The staff's side of applications: the list, one application, and moving it along with notes and messages. */
export class ApplicationReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: Pick<ApplicationPolicy, 'staffNotificationEmail'>,
  ) {}

  /** Newest first. */
  findPage(filter: ApplicationFilterInput | null | undefined, page: PageRequest): Promise<Connection<ApplicationEntity>> {
    const query = this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('application')
      .orderBy('application.submittedAt', 'DESC')
      .addOrderBy('application.id', 'DESC');
    if (filter?.status?.length) query.andWhere('application.status IN (:...statuses)', { statuses: filter.status });
    if (filter?.programId) {
      query.andWhere('application.programId = :programId', {
        programId: expectGlobalId(filter.programId, 'Program', 'filter.programId'),
      });
    }
    const search = filter?.search?.trim();
    if (search) {
      if (search.length > MAX_SEARCH_LENGTH) {
        throw badUserInput(`search is limited to ${MAX_SEARCH_LENGTH} characters.`, 'filter.search');
      }
      const pattern = containsPattern(search.toLowerCase());
      const reference = normalizeReference(search);
      query.andWhere(
        new Brackets((matches) => {
          for (const column of ['companyName', 'contactName', 'contactEmail']) {
            matches.orWhere(`LOWER(application.${column}) LIKE :pattern ESCAPE '\\'`, { pattern });
          }
          if (reference) matches.orWhere('application.reference = :reference', { reference });
        }),
      );
    }
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await query.clone().offset(offset).limit(limit).getManyAndCount();
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  findById(id: number): Promise<ApplicationEntity | null> {
    return this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
  }

  /** Each application's timeline, oldest first, as `[applicationId, event]` entries. */
  async findEvents(applicationIds: readonly number[]): Promise<Array<[number, ApplicationEventEntity]>> {
    const events = await this.dataSource.getRepository(ApplicationEventEntity).find({
      where: { applicationId: In([...applicationIds]) },
      order: { applicationId: 'ASC', occurredAt: 'ASC', id: 'ASC' },
    });
    return events.map((event) => [event.applicationId, event]);
  }

  /** Moves an application on, at the version the staff member saw, with a message for the applicant and a note. */
  async setStatus(input: StatusChangeInput, by: AuditActor): Promise<ApplicationEntity> {
    const message = textInput(input.message, {
      max: APPLICATION_NOTE_MAX_LENGTH,
      field: 'input.message',
      requiredMessage:
        input.status === ApplicationStatus.INFO_REQUESTED
          ? 'Say what more information is needed: the applicant sees this message.'
          : undefined,
    });
    const note = textInput(input.note, { max: APPLICATION_NOTE_MAX_LENGTH, field: 'input.note' });
    return inTransaction(this.dataSource, async (manager) => {
      const before = await getApplication(manager, input.applicationId);
      return moveApplication(manager, before, {
        to: input.status,
        expectedVersion: input.expectedVersion,
        by: ApplicationActor.STAFF,
        actor: by,
        message,
        note,
        staffEmail: this.policy.staffNotificationEmail,
      });
    });
  }

  /** A note among staff: the applicant never sees it. */
  async addNote(applicationId: number, text: string, by: AuditActor): Promise<ApplicationEntity> {
    const note = textInput(text, { max: APPLICATION_NOTE_MAX_LENGTH, field: 'input.note', requiredMessage: 'Write the note.' });
    return inTransaction(this.dataSource, async (manager) => {
      const application = await getApplication(manager, applicationId);
      await addTimelineEvents(manager, by, ApplicationActor.STAFF, applicationId, new Date(), [
        { kind: ApplicationEventKind.NOTE, body: note, vendorVisible: false },
      ]);
      await this.audit(manager, application, by, 'application-note-added', `${application.reference}: added an internal note`);
      return application;
    });
  }

  /** A message to the applicant, who sees it when following the application and is told by email. */
  async sendMessage(applicationId: number, text: string, by: AuditActor): Promise<ApplicationEntity> {
    const message = textInput(text, {
      max: APPLICATION_NOTE_MAX_LENGTH,
      field: 'input.message',
      requiredMessage: 'Write the message.',
    });
    return inTransaction(this.dataSource, async (manager) => {
      const application = await getApplication(manager, applicationId);
      await addTimelineEvents(manager, by, ApplicationActor.STAFF, applicationId, new Date(), [
        { kind: ApplicationEventKind.MESSAGE, body: message, vendorVisible: true },
      ]);
      await this.audit(
        manager,
        application,
        by,
        'application-message-sent',
        `${application.reference}: sent a message to the applicant`,
      );
      const notification = applicantNotification(await notifiedApplication(manager, application), 'message', message);
      await recordChange(manager, { emails: notification ? [notification] : [] });
      return application;
    });
  }

  private audit(
    manager: Parameters<typeof recordChange>[0],
    application: ApplicationEntity,
    by: AuditActor,
    action: string,
    summary: string,
  ) {
    return recordChange(manager, {
      audit: [
        {
          ...by,
          batchId: randomUUID(),
          entityType: 'Application',
          entityId: String(application.id),
          action,
          summary,
          changes: null,
        },
      ],
    });
  }
}
