import { useMutation } from '@apollo/client/react';
import { type FormEvent, useId, useState } from 'react';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { graphql } from '../../gql/index.js';

const WatchProgram = graphql(`
  mutation WatchProgram($input: WatchProgramInput!) {
    watchProgram(input: $input)
  }
`);

/** "Tell me when it starts seeking partners": an email address, confirmed by a link before anything else is sent. */
export function WatchForm({ programId, programName }: { programId: string; programName: string }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [watch, { loading, data, error }] = useMutation(WatchProgram);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await watch({ variables: { input: { programId, email, trigger: 'STARTS_SEEKING' } } }).catch(() => undefined);
  };
  if (data?.watchProgram) {
    return (
      <p role="status">
        Check your inbox: follow the link we sent to {email} to confirm. You will then hear when {programName} starts seeking
        partners, and every message has a one-click unsubscribe link.
      </p>
    );
  }
  return (
    <form className="watch-form" onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Tell me when it starts seeking partners</h3>
      <RequiresJavaScript what="Asking to be told" />
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <p>
        <button type="submit" disabled={loading}>
          {loading ? 'Sending…' : 'Notify me'}
        </button>
      </p>
    </form>
  );
}
