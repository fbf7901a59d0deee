import { useMutation, useQuery } from '@apollo/client/react';
import { APPLICATION_NOTE_MAX_LENGTH, APPLICATION_STATUS_LABELS, type ApplicationStatus } from '@certhub/domain/application';
import { ErrorCode, ErrorReason } from '@certhub/domain/error-codes';
import { errorsOf } from '@certhub/web-ui/errors';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { ApplicationStatusBadge } from '../../components/ApplicationStatusBadge.js';
import { formatDate, formatDateTime } from '../../components/format.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { Review_ApplicationFragment } from '../../gql/graphql.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { CreateListingPanel } from '../products/CreateListingPanel.js';
import { type Capacity, capacityWarning, messageRequired, moveLabel, staffMoves } from './application-review.js';

/** What the page itself shows of an application, and its parts' fragments: the query's and every mutation's answer. */
const ApplicationPage_application = graphql(`
  fragment ApplicationPage_application on Application {
    id
    reference
    status
    companyName
    submittedAt
    statusChangedAt
    program {
      id
      name
      slug
    }
    ...Review_application
    ...VendorDetails_application
    ...Timeline_application
    ...NoteForms_application
  }
`);

const VendorDetails_application = graphql(`
  fragment VendorDetails_application on Application {
    companyName
    companyWebsite
    headquartersCountry
    contactName
    contactEmail
    contactPhone
    productSummary
    message
    attestedRequirementIds
  }
`);

const Timeline_application = graphql(`
  fragment Timeline_application on Application {
    timeline {
      kind
      author
      authorName
      fromStatus
      toStatus
      body
      vendorVisible
      occurredAt
    }
  }
`);

const Review_application = graphql(`
  fragment Review_application on Application {
    id
    reference
    status
    version
    program {
      id
      partnerCapacity
      partnerPlacesTaken
    }
  }
`);

const NoteForms_application = graphql(`
  fragment NoteForms_application on Application {
    id
    submittedAt
  }
`);

const ApplicationPageQuery = graphql(`
  query ApplicationPage($id: ID!) {
    application(id: $id) {
      ...ApplicationPage_application
      ...CreateListingPanel_application
    }
    requirements {
      id
      text
    }
  }
`);

const SetApplicationStatus = graphql(
  `mutation SetApplicationStatus($input: SetApplicationStatusInput!) { setApplicationStatus(input: $input) { ...ApplicationPage_application } }`,
);

const AddApplicationNote = graphql(
  `mutation AddApplicationNote($input: AddApplicationNoteInput!) { addApplicationNote(input: $input) { ...ApplicationPage_application } }`,
);

const SendApplicationMessage = graphql(
  `mutation SendApplicationMessage($input: SendApplicationMessageInput!) { sendApplicationMessage(input: $input) { ...ApplicationPage_application } }`,
);

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** One application: who applied and what they said, where it stands, and the moves staff can make. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(ApplicationPageQuery, { variables: { id } });
  const application = getFragmentData(ApplicationPage_application, data?.application);
  usePageTitle(application ? `${application.reference} · ${application.companyName}` : 'Application');
  const [announcement, setAnnouncement] = useState<string | null>(null);

  if (error && !data) return <LoadError what="the application" error={error} retry={refetch} />;
  if (!data) return <Loading what="the application" />;
  if (!application) {
    return (
      <section aria-labelledby="missing-heading">
        <h1 id="missing-heading">No such application</h1>
        <p>
          It may have been removed, or the address is wrong. <Link to="/applications">Go to the applications</Link>.
        </p>
      </section>
    );
  }
  const requirements = new Map(data.requirements.map((requirement) => [requirement.id, requirement.text]));

  return (
    <article aria-labelledby="application-heading" aria-busy={loading}>
      <p>
        <Link to="/applications">← Applications</Link>
      </p>
      <div className="page-heading">
        <h1 id="application-heading">
          {application.reference}: {application.companyName}
        </h1>
        <ApplicationStatusBadge status={application.status} />
      </div>
      <p className="muted">
        To <Link to={`/programs/${application.program.slug}`}>{application.program.name}</Link>, submitted{' '}
        {formatDateTime(application.submittedAt)}; {APPLICATION_STATUS_LABELS[application.status].toLowerCase()} since{' '}
        {formatDateTime(application.statusChangedAt)}.
      </p>
      <Announcer>{announcement && <p className="callout">{announcement}</p>}</Announcer>

      <Review application={application} onDone={setAnnouncement} reload={() => void refetch()} />
      {data.application && <CreateListingPanel application={data.application} />}

      <div className="two-columns">
        <VendorDetails application={application} requirements={requirements} />

        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <Timeline application={application} />
          <NoteForms application={application} onDone={setAnnouncement} />
        </section>
      </div>
    </article>
  );
}

/** Who applied and what they said. */
function VendorDetails({
  application,
  requirements,
}: {
  application: FragmentType<typeof VendorDetails_application>;
  requirements: ReadonlyMap<string, string>;
}) {
  const vendor = getFragmentData(VendorDetails_application, application);
  return (
    <section aria-labelledby="vendor-heading">
      <h2 id="vendor-heading">Vendor</h2>
      <dl className="summary-list">
        <dt>Company</dt>
        <dd>{vendor.companyName}</dd>
        <dt>Website</dt>
        <dd>
          <a href={vendor.companyWebsite} rel="noopener noreferrer">
            {vendor.companyWebsite}
          </a>
        </dd>
        <dt>Headquarters</dt>
        <dd>{countryNames.of(vendor.headquartersCountry) ?? vendor.headquartersCountry}</dd>
        <dt>Contact</dt>
        <dd>{vendor.contactName}</dd>
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${vendor.contactEmail}`}>{vendor.contactEmail}</a>
        </dd>
        <dt>Phone</dt>
        <dd>{vendor.contactPhone ?? <span className="muted">Not given</span>}</dd>
      </dl>
      <h3>Product</h3>
      <p className="message">{vendor.productSummary}</p>
      <h3>Message to the program</h3>
      <p className="message">{vendor.message}</p>
      <h3>Requirements confirmed</h3>
      {vendor.attestedRequirementIds.length ? (
        <ul>
          {vendor.attestedRequirementIds.map((requirementId) => (
            <li key={requirementId}>{requirements.get(requirementId) ?? requirementId}</li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
    </section>
  );
}

function Timeline({ application }: { application: FragmentType<typeof Timeline_application> }) {
  const { timeline } = getFragmentData(Timeline_application, application);
  return (
    <ol className="timeline-list">
      {timeline.map((event, index) => {
        const who = event.author === 'APPLICANT' ? 'the applicant' : (event.authorName ?? 'staff');
        const title =
          event.kind === 'STATUS_CHANGE'
            ? event.fromStatus
              ? `${APPLICATION_STATUS_LABELS[event.fromStatus]} → ${event.toStatus ? APPLICATION_STATUS_LABELS[event.toStatus] : ''}`
              : `${event.toStatus ? APPLICATION_STATUS_LABELS[event.toStatus] : 'Submitted'}`
            : event.kind === 'NOTE'
              ? 'Internal note'
              : event.author === 'APPLICANT'
                ? 'Message from the applicant'
                : 'Message to the applicant';
        const kind =
          event.kind === 'NOTE' ? 'note' : event.kind === 'MESSAGE' && event.author === 'STAFF' ? 'message-to-vendor' : '';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end.
          <li key={index} className={kind}>
            <strong>{title}</strong>
            <div className="muted">
              {formatDateTime(event.occurredAt)} by {who}
              {event.body && (event.vendorVisible ? ' · the applicant sees it' : ' · staff only')}
            </div>
            {event.body && <p className="message">{event.body}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** The moves staff can make now, each confirmed in a small form with a message and a note. */
function Review({
  application: reviewed,
  onDone,
  reload,
}: {
  application: FragmentType<typeof Review_application>;
  onDone: (announcement: string) => void;
  reload: () => void;
}) {
  const application = getFragmentData(Review_application, reviewed);
  const moves = staffMoves(application.status);
  const [move, setMove] = useState<ApplicationStatus | null>(null);
  // The program's partner places come with the application (and again with each move's answer).
  const capacity: Capacity = application.program;
  const moveButtons = useRef(new Map<ApplicationStatus, HTMLButtonElement>());
  const heading = useRef<HTMLHeadingElement>(null);
  const standing = capacityWarning(null, capacity);

  if (!moves.length) {
    return (
      <section aria-labelledby="review-heading" className="panel">
        <h2 id="review-heading">Review</h2>
        <p>This application is {APPLICATION_STATUS_LABELS[application.status].toLowerCase()}: it can change no more.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="review-heading" className="panel">
      <h2 id="review-heading" tabIndex={-1} ref={heading}>
        Review
      </h2>
      {standing && <p className="warning">{standing}</p>}
      <fieldset className="actions inline-group">
        <legend className="visually-hidden">Moves</legend>
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={move === to ? undefined : 'secondary'}
            aria-expanded={move === to}
            onClick={() => setMove(move === to ? null : to)}
            ref={(button) => {
              if (button) moveButtons.current.set(to, button);
            }}
          >
            {moveLabel(application.status, to)}
          </button>
        ))}
      </fieldset>
      {move && (
        <MoveForm
          key={move}
          application={application}
          to={move}
          capacity={capacity}
          onClose={(announcement) => {
            const returnTo = move;
            setMove(null);
            if (announcement) {
              onDone(announcement);
              // The moves change with the status: the keyboard starts again at the top of the review.
              heading.current?.focus();
            } else moveButtons.current.get(returnTo)?.focus();
          }}
          reload={reload}
        />
      )}
    </section>
  );
}

function MoveForm({
  application,
  to,
  capacity,
  onClose,
  reload,
}: {
  application: Review_ApplicationFragment;
  to: ApplicationStatus;
  capacity: Capacity;
  onClose: (announcement?: string) => void;
  reload: () => void;
}) {
  const id = useId();
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ text: string; field: 'message' | 'note' | null; stale: boolean } | null>(null);
  const [setStatus, { loading }] = useMutation(SetApplicationStatus);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const warning = capacityWarning(to, capacity);
  const label = moveLabel(application.status, to);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (messageRequired(to) && !message.trim()) {
      setProblem({
        text: 'Say what more information is needed: the applicant sees this message.',
        field: 'message',
        stale: false,
      });
      first.current?.focus();
      return;
    }
    setProblem(null);
    try {
      // The answer carries the program's partner places too: accepting takes one, onboarding or declining may give one back.
      await setStatus({
        variables: {
          input: {
            applicationId: application.id,
            status: to,
            expectedVersion: application.version,
            message: message.trim() || null,
            note: note.trim() || null,
          },
        },
      });
      onClose(`${application.reference} is now ${APPLICATION_STATUS_LABELS[to].toLowerCase()}.`);
    } catch (error) {
      const [first] = errorsOf(error);
      setProblem({
        text: first?.message ?? 'The application did not move.',
        field: first?.field === 'input.message' ? 'message' : first?.field === 'input.note' ? 'note' : null,
        stale: first?.code === ErrorCode.CONFLICT && first.extensions.reason !== ErrorReason.CAPACITY_REACHED,
      });
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !loading) onClose();
  };

  return (
    <form className="form move-form" aria-label={label} onSubmit={(event) => void onSubmit(event)} onKeyDown={onKeyDown}>
      <h3>
        {label}: to {APPLICATION_STATUS_LABELS[to].toLowerCase()}
      </h3>
      {warning && <p className="warning">{warning}</p>}
      <div className="field">
        <label htmlFor={`${id}-message`}>Message to the applicant{messageRequired(to) ? '' : ' (optional)'}</label>
        <p id={`${id}-message-hint`} className="muted hint">
          They see it when following the application, and are told by email.
        </p>
        <textarea
          id={`${id}-message`}
          ref={first}
          rows={3}
          maxLength={APPLICATION_NOTE_MAX_LENGTH}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          aria-invalid={problem?.field === 'message'}
          aria-describedby={`${id}-message-hint${problem?.field === 'message' ? ` ${id}-problem` : ''}`}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Internal note (optional, staff only)</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={APPLICATION_NOTE_MAX_LENGTH}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={problem?.field === 'note'}
        />
      </div>
      {problem && (
        <div className="callout callout-error" role="alert" id={`${id}-problem`}>
          <p>{problem.text}</p>
          {problem.stale && (
            <button type="button" className="secondary" onClick={reload}>
              Show the application as it is now
            </button>
          )}
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={loading}>
          {loading ? 'Saving…' : `Confirm: ${label.toLowerCase()}`}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()} disabled={loading}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Notes among staff, and messages to the applicant, added without moving the application. */
function NoteForms({
  application: noted,
  onDone,
}: {
  application: FragmentType<typeof NoteForms_application>;
  onDone: (announcement: string) => void;
}) {
  const application = getFragmentData(NoteForms_application, noted);
  const [addNote, noteState] = useMutation(AddApplicationNote);
  const [sendMessage, messageState] = useMutation(SendApplicationMessage);
  return (
    <>
      <TextForm
        label="Internal note"
        hint="Only staff see it."
        submit="Add note"
        busy={noteState.loading}
        send={async (note) => {
          await addNote({ variables: { input: { applicationId: application.id, note } } });
          onDone('The note is added.');
        }}
      />
      <TextForm
        label="Message to the applicant"
        hint="They see it when following the application, and are told by email."
        submit="Send message"
        busy={messageState.loading}
        send={async (message) => {
          await sendMessage({ variables: { input: { applicationId: application.id, message } } });
          onDone('The message is sent.');
        }}
      />
      <p className="muted">Submitted {formatDate(application.submittedAt)}.</p>
    </>
  );
}

function TextForm({
  label,
  hint,
  submit,
  busy,
  send,
}: {
  label: string;
  hint: string;
  submit: string;
  busy: boolean;
  send: (text: string) => Promise<void>;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setProblem(`Write the ${label.toLowerCase()} first.`);
      return;
    }
    try {
      await send(text.trim());
      setText('');
      setProblem(null);
    } catch (error) {
      setProblem(errorsOf(error)[0]?.message ?? 'That did not go through.');
    }
  };
  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-label`}>
      <div className="field">
        <label id={`${id}-label`} htmlFor={id}>
          {label}
        </label>
        <p id={`${id}-hint`} className="muted hint">
          {hint}
        </p>
        <textarea
          id={id}
          rows={3}
          maxLength={APPLICATION_NOTE_MAX_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        />
        {problem && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {submit}
        </button>
      </div>
    </form>
  );
}
