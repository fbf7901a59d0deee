import { useMutation } from '@apollo/client/react';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '@certhub/domain/staff';
import { errorsOf } from '@certhub/web-ui/errors';
import { FormField } from '@certhub/web-ui/FormField';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Problem } from '../../components/fields.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { safeNext, useSession } from '../../session/session.js';

const ChangePassword = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      ...SessionProvider_me
    }
  }
`);

type Field = 'currentPassword' | 'newPassword' | 'confirmation';

/**
 * Replaces the signed-in user's password; required before anything else after a one-time one.
 * The domain's password rules are checked before sending, the server's answer shown on its field.
 */
export function ChangePasswordPage() {
  usePageTitle('Change your password');
  const { me, signedIn } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', confirmation: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [changePassword, { loading }] = useMutation(ChangePassword);

  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(`/change-password?next=${next}`)}`} replace />;
  const required = me.mustChangePassword;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) found.currentPassword = 'Enter your current password.';
    const weak = passwordProblem(values.newPassword, { email: me.email });
    if (weak) found.newPassword = weak;
    else if (values.newPassword !== values.confirmation) found.confirmation = 'Type the same new password twice.';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length) return;
    try {
      const { data } = await changePassword({
        variables: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      if (data) await signedIn();
      navigate(next, { replace: true, state: { notice: 'Your password is changed.' } });
    } catch (error) {
      const [first] = errorsOf(error);
      if (first?.field === 'currentPassword' || first?.field === 'newPassword') setErrors({ [first.field]: first.message });
      else setProblem(first?.message ?? 'Changing the password did not work.');
    }
  };

  const field = (name: Field, label: string, autoComplete: string, hint?: string) => (
    <FormField label={label} error={errors[name]} hint={hint}>
      {(props) => (
        <input
          {...props}
          type="password"
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        />
      )}
    </FormField>
  );

  return (
    <div className="sign-in">
      <h1>{required ? 'Choose your own password' : 'Change your password'}</h1>
      {required && (
        <p className="callout" role="status">
          You signed in with a one-time password. Choose your own to continue.
        </p>
      )}
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        {field('currentPassword', required ? 'One-time password' : 'Current password', 'current-password')}
        {field(
          'newPassword',
          'New password',
          'new-password',
          `At least ${PASSWORD_MIN_LENGTH} characters; a few words make a good one. Your other sessions end.`,
        )}
        {field('confirmation', 'New password again', 'new-password')}
        <Problem>{problem}</Problem>
        <div className="actions">
          <button type="submit" disabled={loading}>
            {loading ? 'Changing…' : 'Change password'}
          </button>
          {!required && <Link to={next}>Cancel</Link>}
        </div>
      </form>
    </div>
  );
}
