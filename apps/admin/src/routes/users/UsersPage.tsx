import { useMutation, useQuery } from '@apollo/client/react';
import { checkFields } from '@certhub/domain/catalog-edit';
import { NewStaffUser, STAFF_ROLES, type StaffRole } from '@certhub/domain/staff';
import { errorsOf } from '@certhub/web-ui/errors';
import { FormField } from '@certhub/web-ui/FormField';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Announcer } from '../../components/Announcer.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { Problem } from '../../components/fields.js';
import { formatDateTime } from '../../components/format.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { UsersPage_UserFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { useSession } from '../../session/session.js';

/** A staff account as the table and its editor show it. */
const UsersPage_user = graphql(`
  fragment UsersPage_user on User {
    id
    email
    displayName
    role
    disabled
    mustChangePassword
    version
    lastLoginAt
    createdAt
  }
`);

const UsersPageQuery = graphql(`
  query UsersPage {
    users {
      ...UsersPage_user
    }
  }
`);

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        ...UsersPage_user
      }
      oneTimePassword
    }
  }
`);

const UpdateUser = graphql(`mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { ...UsersPage_user } }`);

const ResetUserPassword = graphql(`
  mutation ResetUserPassword($userId: ID!) {
    resetUserPassword(userId: $userId) {
      user {
        ...UsersPage_user
      }
      oneTimePassword
    }
  }
`);

const ROLE_WORDS: Readonly<Record<StaffRole, string>> = {
  EDITOR: 'Editor: edits the catalogue, reviews applications',
  ADMIN: 'Admin: also manages staff accounts',
};

const USER_COLUMNS: ReadonlyArray<Column<UsersPage_UserFragment>> = [
  {
    label: 'Name',
    render: (user) => (
      <>
        {user.displayName}
        <div className="muted">{user.email}</div>
      </>
    ),
  },
  { label: 'Role', render: (user) => (user.role === 'ADMIN' ? 'Admin' : 'Editor') },
  {
    label: 'Access',
    render: (user) => (user.disabled ? 'Disabled' : user.mustChangePassword ? 'Active, must choose a password' : 'Active'),
  },
  { label: 'Last sign-in', render: (user) => (user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Never') },
];

type AccountChanges = { role?: StaffRole; disabled?: boolean };

interface NewUserValues {
  email: string;
  displayName: string;
  role: StaffRole;
}
type NewUserErrors = Partial<Record<keyof NewUserValues | 'general', string>>;

const NEW_USER: NewUserValues = { email: '', displayName: '', role: 'EDITOR' };

/** A one-time password, shown once, to hand to its owner. */
interface Handover {
  email: string;
  password: string;
  what: string;
}

/** Staff accounts, for admins: create, change role, disable or enable, reset a password. */
export function UsersPage() {
  usePageTitle('Users');
  const { me } = useSession();
  const { data, loading, error, refetch } = useQuery(UsersPageQuery);
  const [editing, setEditing] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState<ReactNode>(null);
  const [handover, setHandover] = useState<Handover | null>(null);

  const [createUser, { loading: creating }] = useMutation(CreateUser, { refetchQueries: ['UsersPage'] });
  const [updateUser, { loading: updating }] = useMutation(UpdateUser);
  const [resetPassword, { loading: resetting }] = useMutation(ResetUserPassword);

  /** Changes an account; the editor closes with the announcement, or shows why not. */
  const update = async (user: UsersPage_UserFragment, changes: AccountChanges, announcement: string) => {
    try {
      await updateUser({ variables: { input: { userId: user.id, expectedVersion: user.version, ...changes } } });
      setEditing(null);
      setAnnouncement(announcement);
      return null;
    } catch (error) {
      return errorsOf(error)[0]?.message ?? 'The account did not change.';
    }
  };
  const reset = async (user: UsersPage_UserFragment) => {
    try {
      const { data } = await resetPassword({ variables: { userId: user.id } });
      const password = data?.resetUserPassword.oneTimePassword;
      if (password) {
        setEditing(null);
        setHandover({ email: user.email, password, what: `${user.email} has a new password and is signed out.` });
      }
      return null;
    } catch (error) {
      return errorsOf(error)[0]?.message ?? 'The password was not reset.';
    }
  };
  const create = async (values: NewUserValues): Promise<NewUserErrors | null> => {
    try {
      const { data } = await createUser({ variables: { input: values } });
      const password = data?.createUser.oneTimePassword;
      if (data && password) {
        const { email } = getFragmentData(UsersPage_user, data.createUser.user);
        setEditing(null);
        setHandover({ email, password, what: `The account of ${email} is created.` });
      }
      return null;
    } catch (error) {
      const [first] = errorsOf(error);
      const field = first?.field?.replace(/^input\./, '') ?? '';
      const key = (field in NEW_USER ? field : 'general') as keyof NewUserErrors;
      return { [key]: first?.message ?? 'The account was not created.' };
    }
  };

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <p className="lead">Who can sign in to the console, and what they may do. Disabling someone signs them out at once.</p>
      <Announcer>
        {handover ? (
          <div className="callout">
            <p>
              {handover.what} Give {handover.email} this one-time password:{' '}
              <code className="one-time-password">{handover.password}</code>
            </p>
            <p className="muted">It is shown only now. They choose their own at their first sign-in.</p>
          </div>
        ) : (
          announcement && <p className="callout">{announcement}</p>
        )}
      </Announcer>

      {error && !data ? (
        <LoadError what="the staff accounts" error={error} retry={refetch} />
      ) : !data ? (
        <Loading what="the staff accounts" />
      ) : (
        <DataTable
          caption="Staff accounts"
          busy={loading}
          rows={getFragmentData(UsersPage_user, data.users)}
          columns={USER_COLUMNS}
          actions={(user) => (
            <button
              type="button"
              className="secondary"
              aria-expanded={editing === user.id}
              onClick={() => {
                setHandover(null);
                setEditing(editing === user.id ? null : user.id);
              }}
            >
              Manage<span className="visually-hidden"> {user.email}</span>
            </button>
          )}
          expanded={(user) =>
            editing === user.id && (
              <UserEditor
                user={user}
                isMe={user.id === me?.id}
                busy={updating || resetting}
                onUpdate={(changes, announcement) => update(user, changes, announcement)}
                onReset={() => reset(user)}
                onCancel={() => setEditing(null)}
              />
            )
          }
        />
      )}

      <NewUserForm busy={creating} onSubmit={create} />
    </section>
  );
}

/**
 * One account's role, access and password. Presentational: the page sends the changes and answers
 * with why one did not go through, if it did not.
 */
function UserEditor({
  user,
  isMe,
  busy,
  onUpdate,
  onReset,
  onCancel,
}: {
  user: UsersPage_UserFragment;
  isMe: boolean;
  busy: boolean;
  onUpdate: (changes: AccountChanges, announcement: string) => Promise<string | null>;
  onReset: () => Promise<string | null>;
  onCancel: () => void;
}) {
  const id = useId();
  const [role, setRole] = useState<StaffRole>(user.role);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const update = async (changes: AccountChanges, announcement: string) => {
    setProblem(null);
    setProblem(await onUpdate(changes, announcement));
  };
  const reset = async () => {
    setProblem(null);
    setProblem(await onReset());
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (role !== user.role) void update({ role }, `${user.email} is now ${role === 'ADMIN' ? 'an admin' : 'an editor'}.`);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) onCancel();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the editor from any of its controls.
    <div className="user-editor" onKeyDown={onKeyDown}>
      <form className="actions" onSubmit={onSubmit} aria-label={`Role of ${user.email}`}>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role of {user.displayName}</label>
          <select
            id={`${id}-role`}
            ref={first}
            value={role}
            onChange={(event) => setRole(event.target.value as StaffRole)}
            disabled={busy || isMe}
          >
            {STAFF_ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_WORDS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy || isMe || role === user.role}>
          Save role
        </button>
      </form>
      {isMe && <p className="muted hint">You cannot change your own role or disable yourself: ask another admin.</p>}
      <div className="actions">
        {user.disabled ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void update({ disabled: false }, `${user.email} can sign in again.`)}
          >
            Enable {user.email}
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            disabled={busy || isMe}
            onClick={() => void update({ disabled: true }, `${user.email} is disabled and signed out everywhere.`)}
          >
            Disable {user.email}
          </button>
        )}
        {confirmingReset ? (
          <fieldset className="actions inline-group">
            <legend className="visually-hidden">Confirm the password reset</legend>
            <span>Their sessions end and they get a one-time password.</span>
            <button type="button" disabled={busy} onClick={() => void reset()}>
              Reset the password
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmingReset(false)}>
              Keep it
            </button>
          </fieldset>
        ) : (
          <button type="button" className="secondary" disabled={busy} onClick={() => setConfirmingReset(true)}>
            Reset password…
          </button>
        )}
        <button type="button" className="link-button" onClick={onCancel}>
          Close
        </button>
      </div>
      <Problem>{problem}</Problem>
    </div>
  );
}

/** A new staff account. Presentational: the page creates it and answers with the problems by field. */
function NewUserForm({ busy, onSubmit }: { busy: boolean; onSubmit: (values: NewUserValues) => Promise<NewUserErrors | null> }) {
  const [values, setValues] = useState<NewUserValues>(NEW_USER);
  const [errors, setErrors] = useState<NewUserErrors>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The server's rules (the domain's schema): the first field at fault, before sending.
    const checked = checkFields(NewStaffUser, values);
    if (!checked.ok) {
      setErrors({ [checked.field as keyof NewUserValues]: checked.message });
      return;
    }
    const problems = await onSubmit(values);
    setErrors(problems ?? {});
    if (!problems) setValues(NEW_USER);
  };
  return (
    <section aria-labelledby="new-user-heading" className="panel">
      <h2 id="new-user-heading">New staff account</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <FormField label="Email" error={errors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="off"
              value={values.email}
              onChange={(event) => setValues({ ...values, email: event.target.value })}
            />
          )}
        </FormField>
        <FormField label="Name" error={errors.displayName}>
          {(props) => (
            <input
              {...props}
              autoComplete="off"
              value={values.displayName}
              onChange={(event) => setValues({ ...values, displayName: event.target.value })}
            />
          )}
        </FormField>
        <FormField label="Role" error={errors.role}>
          {(props) => (
            <select
              {...props}
              value={values.role}
              onChange={(event) => setValues({ ...values, role: event.target.value as StaffRole })}
            >
              {STAFF_ROLES.map((value) => (
                <option key={value} value={value}>
                  {ROLE_WORDS[value]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <Problem>{errors.general}</Problem>
        <div>
          <button type="submit" disabled={busy}>
            Create account
          </button>
        </div>
      </form>
    </section>
  );
}
