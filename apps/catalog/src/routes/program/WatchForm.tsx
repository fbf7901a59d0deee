import { useMutation } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { type FormEvent, useId, useState } from 'react';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { fieldProblemText, generalProblemText } from '../../i18n/problems.js';

const WatchProgram = graphql(`
  mutation WatchProgram($input: WatchProgramInput!) {
    watchProgram(input: $input)
  }
`);

/** "Tell me when it starts seeking partners": an email address, confirmed by a link before anything else is sent. */
export function WatchForm({ programId, programName }: { programId: string; programName: string }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [email, setEmail] = useState('');
  const [watch, { loading, data, error }] = useMutation(WatchProgram);
  // The refusal in the page's language: the address's own sentence, or the refusal's (too many sign-ups…).
  const [refusal] = error ? errorsOf(error) : [];
  const problem = !refusal
    ? null
    : refusal.field === 'input.email'
      ? fieldProblemText(t, 'problem.contactEmail')
      : generalProblemText(t, refusal);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await watch({ variables: { input: { programId, email, trigger: 'STARTS_SEEKING', locale } } }).catch(() => undefined);
  };
  if (data?.watchProgram) {
    return <p role="status">{t('program.watchSent', { email, program: programName })}</p>;
  }
  return (
    <form className="watch-form" onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('program.watchHeading')}</h3>
      <RequiresJavaScript what="program.watchNeedsJavaScript" />
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('program.watchEmail')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <p>
        <button type="submit" disabled={loading}>
          {loading ? t('site.sending') : t('program.watchSubmit')}
        </button>
      </p>
    </form>
  );
}
