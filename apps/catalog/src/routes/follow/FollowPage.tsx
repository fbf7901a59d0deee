import { useMutation, useQuery } from '@apollo/client/react';
import { APPLICATION_STATUS_LABELS } from '@certhub/domain/application';
import { ErrorCode } from '@certhub/domain/error-codes';
import { errorsOf } from '@certhub/web-ui/errors';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { FollowPage_ApplicationFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { useHydrated } from '../../page-head/hydration.js';

const TrackedApplicationFields = graphql(`
  fragment FollowPage_application on TrackedApplication {
    reference
    status
    submittedAt
    statusChangedAt
    companyName
    canReply
    canWithdraw
    program {
      slug
      name
    }
    timeline {
      kind
      author
      fromStatus
      toStatus
      body
      occurredAt
    }
  }
`);

const FollowPageQuery = graphql(`
  query FollowPage($reference: String!, $token: String!) {
    trackApplication(reference: $reference, token: $token) {
      ...FollowPage_application
    }
  }
`);

const ReplyToApplication = graphql(
  `mutation ReplyToApplication($input: ReplyToApplicationInput!) { replyToApplication(input: $input) { ...FollowPage_application } }`,
);

const WithdrawApplication = graphql(
  `mutation WithdrawApplication($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { ...FollowPage_application } }`,
);

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** The token travels in the address's fragment, which browsers never send to a server. */
function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

export function FollowPage() {
  const { reference = '' } = useParams();
  const location = useLocation();
  // The server never sees the fragment: the page hydrates without it, then reads it.
  const token = useHydrated() ? tokenFromHash(location.hash) : '';
  usePageTitle(`Application ${reference}`);
  return (
    <section className="page">
      <h1>Application {reference}</h1>
      {token ? <TrackedApplication reference={reference} token={token} /> : <TokenForm reference={reference} />}
    </section>
  );
}

function TokenForm({ reference, failed = false }: { reference: string; failed?: boolean }) {
  const id = useId();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void navigate(`/applications/${reference}#token=${encodeURIComponent(token.trim())}`, { replace: true });
  };
  return (
    <form className="form" onSubmit={open}>
      <RequiresJavaScript what="Following an application" />
      {failed && (
        <p className="callout callout-error" role="alert">
          No application matches this reference and access token. Check both, as they were shown when you applied.
        </p>
      )}
      <div className="field">
        <label htmlFor={id}>Access token</label>
        <input id={id} value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <p>
        <button type="submit">Open the application</button>
      </p>
    </form>
  );
}

function TrackedApplication({ reference, token }: { reference: string; token: string }) {
  const { data, error, refetch } = useQuery(FollowPageQuery, { variables: { reference, token } });
  if (error && !data) {
    return errorsOf(error)[0]?.code === ErrorCode.NOT_FOUND ? (
      <TokenForm reference={reference} failed />
    ) : (
      <LoadError what="the application" error={error} retry={refetch} />
    );
  }
  if (!data) return <Loading what="the application" />;
  return (
    <ApplicationView
      application={getFragmentData(TrackedApplicationFields, data.trackApplication)}
      reference={reference}
      token={token}
    />
  );
}

function ApplicationView({
  application,
  reference,
  token,
}: {
  application: FollowPage_ApplicationFragment;
  reference: string;
  token: string;
}) {
  const replyId = useId();
  const reasonId = useId();
  const [reply, setReply] = useState('');
  const [reason, setReason] = useState('');
  const [confirmingWithdrawal, setConfirmingWithdrawal] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [sendReply, replying] = useMutation(ReplyToApplication);
  const [withdraw, withdrawing] = useMutation(WithdrawApplication);
  const shown =
    [replying.data?.replyToApplication, withdrawing.data?.withdrawApplication]
      .filter((value) => value != null)
      .map((value) => getFragmentData(TrackedApplicationFields, value))
      .at(-1) ?? application;

  const run = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      return true;
    } catch (error) {
      setProblem(errorsOf(error)[0]?.message ?? 'That did not work.');
      return false;
    }
  };
  const onReply = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => sendReply({ variables: { input: { reference, token, message: reply } } }))) setReply('');
  };
  const onWithdraw = async () => {
    if (await run(() => withdraw({ variables: { input: { reference, token, reason: reason || null } } })))
      setConfirmingWithdrawal(false);
  };

  return (
    <>
      <p>
        {shown.companyName}, applying to <Link to={`/programs/${shown.program.slug}`}>{shown.program.name}</Link>.
      </p>
      <p className="program-status">
        Status: <strong>{APPLICATION_STATUS_LABELS[shown.status]}</strong>{' '}
        <span className="muted">since {dateTime.format(new Date(shown.statusChangedAt))}</span>
      </p>
      {problem && (
        <p className="callout callout-error" role="alert">
          {problem}
        </p>
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {shown.timeline.map((event) => (
            <li key={`${event.occurredAt}-${event.kind}-${event.toStatus ?? ''}`}>
              <time dateTime={event.occurredAt}>{dateTime.format(new Date(event.occurredAt))}</time>:{' '}
              {event.kind === 'STATUS_CHANGE' && event.toStatus ? (
                <strong>{APPLICATION_STATUS_LABELS[event.toStatus]}</strong>
              ) : (
                <strong>{event.author === 'APPLICANT' ? 'Your message' : 'Message from the program'}</strong>
              )}
              {event.body && <p className="message">{event.body}</p>}
            </li>
          ))}
        </ol>
      </section>

      {shown.canReply && (
        <form className="form" onSubmit={(event) => void onReply(event)} aria-labelledby="reply-heading">
          <h2 id="reply-heading">Answer the program</h2>
          <div className="field">
            <label htmlFor={replyId}>Your answer</label>
            <textarea id={replyId} rows={5} value={reply} onChange={(event) => setReply(event.target.value)} />
          </div>
          <p>
            <button type="submit" disabled={replying.loading || !reply.trim()}>
              {replying.loading ? 'Sending…' : 'Send the answer'}
            </button>
          </p>
        </form>
      )}

      {shown.canWithdraw && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw</h2>
          {confirmingWithdrawal ? (
            <div className="form">
              <div className="field">
                <label htmlFor={reasonId}>Why (optional)</label>
                <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} />
              </div>
              <p>
                <button type="button" onClick={() => void onWithdraw()} disabled={withdrawing.loading}>
                  Withdraw the application
                </button>{' '}
                <button type="button" className="link-button" onClick={() => setConfirmingWithdrawal(false)}>
                  Keep it
                </button>
              </p>
            </div>
          ) : (
            <p>
              <button type="button" className="secondary" onClick={() => setConfirmingWithdrawal(true)}>
                Withdraw this application…
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}
