import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorCode } from '@certhub/domain/error-codes';
import { errorsOf } from '@certhub/web-ui/errors';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { FollowPage_ApplicationFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { type MessageKey, useLocale, useT } from '../../i18n/locale.js';
import { fieldProblemText, generalProblemText } from '../../i18n/problems.js';
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

/** The token travels in the address's fragment, which browsers never send to a server. */
function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

export function FollowPage() {
  const { reference = '' } = useParams();
  const location = useLocation();
  // The server never sees the fragment: the page hydrates without it, then reads it.
  const token = useHydrated() ? tokenFromHash(location.hash) : '';
  const t = useT();
  usePageTitle(t('follow.title', { reference }));
  return (
    <section className="page">
      <h1>{t('follow.title', { reference })}</h1>
      {token ? <TrackedApplication reference={reference} token={token} /> : <TokenForm reference={reference} />}
    </section>
  );
}

function TokenForm({ reference, failed = false }: { reference: string; failed?: boolean }) {
  const t = useT();
  const { localePath } = useLocale();
  const id = useId();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim())
      void navigate(localePath(`/applications/${reference}#token=${encodeURIComponent(token.trim())}`), { replace: true });
  };
  return (
    <form className="form" onSubmit={open}>
      <RequiresJavaScript what="follow.needsJavaScript" />
      {failed && (
        <p className="callout callout-error" role="alert">
          {t('follow.noMatch')}
        </p>
      )}
      <div className="field">
        <label htmlFor={id}>{t('follow.token')}</label>
        <input id={id} value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <p>
        <button type="submit">{t('follow.open')}</button>
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
      <PageLoadError what="follow.what" error={error} retry={refetch} />
    );
  }
  if (!data) return <PageLoading message="follow.loading" />;
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
  const t = useT();
  const intl = useIntl();
  const { localePath } = useLocale();
  const dateTime = (iso: string) => intl.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
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

  /** Runs a mutation; its refusal is said in the page's language: the field's own sentence (`fieldKey`), or the refusal's. */
  const run = async (action: () => Promise<unknown>, field: string, fieldKey: MessageKey) => {
    setProblem(null);
    try {
      await action();
      return true;
    } catch (error) {
      const [first] = errorsOf(error);
      const max = first?.extensions.maxLength;
      setProblem(
        first?.field === field
          ? typeof max === 'number'
            ? fieldProblemText(t, fieldKey, 'tooLong', max)
            : fieldProblemText(t, fieldKey)
          : generalProblemText(t, first),
      );
      return false;
    }
  };
  const onReply = async (event: FormEvent) => {
    event.preventDefault();
    if (
      await run(
        () => sendReply({ variables: { input: { reference, token, message: reply } } }),
        'input.message',
        'problem.answer',
      )
    )
      setReply('');
  };
  const onWithdraw = async () => {
    if (
      await run(
        () => withdraw({ variables: { input: { reference, token, reason: reason || null } } }),
        'input.reason',
        'problem.reason',
      )
    )
      setConfirmingWithdrawal(false);
  };

  return (
    <>
      <p>
        <FormattedMessage
          id="follow.applying"
          values={{
            company: shown.companyName,
            name: shown.program.name,
            program: (chunks) => <Link to={localePath(`/programs/${shown.program.slug}`)}>{chunks}</Link>,
          }}
        />
      </p>
      <p className="program-status">
        <FormattedMessage id="follow.status" values={{ status: t(`applicationStatus.${shown.status}`), strong }} />{' '}
        <span className="muted">{t('follow.since', { date: dateTime(shown.statusChangedAt) })}</span>
      </p>
      {problem && (
        <p className="callout callout-error" role="alert">
          {problem}
        </p>
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('follow.timeline')}</h2>
        <ol className="timeline">
          {shown.timeline.map((event) => (
            <li key={`${event.occurredAt}-${event.kind}-${event.toStatus ?? ''}`}>
              <time dateTime={event.occurredAt}>{dateTime(event.occurredAt)}</time>:{' '}
              {event.kind === 'STATUS_CHANGE' && event.toStatus ? (
                <strong>{t(`applicationStatus.${event.toStatus}`)}</strong>
              ) : (
                <strong>{t(event.author === 'APPLICANT' ? 'follow.yourMessage' : 'follow.programMessage')}</strong>
              )}
              {event.body && <p className="message">{event.body}</p>}
            </li>
          ))}
        </ol>
      </section>

      {shown.canReply && (
        <form className="form" onSubmit={(event) => void onReply(event)} aria-labelledby="reply-heading">
          <h2 id="reply-heading">{t('follow.answerHeading')}</h2>
          <div className="field">
            <label htmlFor={replyId}>{t('follow.answer')}</label>
            <textarea id={replyId} rows={5} value={reply} onChange={(event) => setReply(event.target.value)} />
          </div>
          <p>
            <button type="submit" disabled={replying.loading || !reply.trim()}>
              {replying.loading ? t('site.sending') : t('follow.sendAnswer')}
            </button>
          </p>
        </form>
      )}

      {shown.canWithdraw && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t('follow.withdraw')}</h2>
          {confirmingWithdrawal ? (
            <div className="form">
              <div className="field">
                <label htmlFor={reasonId}>{t('follow.why')}</label>
                <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} />
              </div>
              <p>
                <button type="button" onClick={() => void onWithdraw()} disabled={withdrawing.loading}>
                  {t('follow.withdrawConfirm')}
                </button>{' '}
                <button type="button" className="link-button" onClick={() => setConfirmingWithdrawal(false)}>
                  {t('follow.keep')}
                </button>
              </p>
            </div>
          ) : (
            <p>
              <button type="button" className="secondary" onClick={() => setConfirmingWithdrawal(true)}>
                {t('follow.withdrawStart')}
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}
