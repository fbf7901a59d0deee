import { useMutation } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { InputField } from '@certhub/web-ui/FormField';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Problem } from '../../components/fields.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { safeNext, useSession } from '../../session/session.js';

export const SignIn = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...SessionProvider_me
    }
  }
`);

const REASONS = {
  expired: 'Your session has ended. Sign in again to go back to where you were.',
  'signed-out': 'You are signed out.',
} as const;

/** The way in. What the server says about a refusal (wrong password, lockout, disabled) is shown as it says it. */
export function SignInPage() {
  usePageTitle('Sign in');
  const { me, signedIn, signedOutReason } = useSession();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [signIn, { loading }] = useMutation(SignIn);

  if (me) return <Navigate to={next} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const { data } = await signIn({ variables: { email, password } });
      if (data) await signedIn();
    } catch (error) {
      setProblem(errorsOf(error)[0]?.message ?? 'Signing in did not work.');
      setPassword('');
    }
  };

  return (
    <div className="sign-in">
      <h1>Sign in to CertHub admin</h1>
      {signedOutReason && (
        <p className="callout" role="status">
          {REASONS[signedOutReason]}
        </p>
      )}
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <InputField
          label="Email"
          error={null}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <InputField
          label="Password"
          error={null}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <Problem>{problem}</Problem>
        <div>
          <button type="submit" disabled={loading}>
            {loading ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </div>
  );
}
