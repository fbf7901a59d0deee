import { InMemoryCache } from '@apollo/client';
import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionProvider_MeFragment } from '../gql/graphql.js';
import { SignIn, SignInPage } from '../routes/sign-in/SignInPage.js';
import { createSessionEvents, MeQuery, RequireRole, RequireStaff, SessionProvider, safeNext } from './session.js';

const editor: SessionProvider_MeFragment & { __typename: 'User' } = {
  __typename: 'User',
  id: 'VXNlcjoy',
  email: 'editor@example.com',
  displayName: 'Eddie',
  role: 'EDITOR',
  mustChangePassword: false,
};

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function renderAt(path: string, me: SessionProvider_MeFragment | null, mocks: MockedProviderProps['mocks'] = []) {
  const cache = new InMemoryCache();
  cache.writeQuery({ query: MeQuery, data: { me: me as never } });
  render(
    <MockedProvider cache={cache} mocks={mocks}>
      <SessionProvider events={createSessionEvents()}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="login" element={<SignInPage />} />
            <Route path="change-password" element={<Where />} />
            <Route element={<RequireStaff />}>
              <Route path="applications" element={<h1>Applications</h1>} />
              <Route element={<RequireRole needs="ADMIN" />}>
                <Route path="users" element={<h1>Users</h1>} />
              </Route>
            </Route>
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </MockedProvider>,
  );
}

describe('the session', () => {
  afterEach(cleanup);

  it('sends someone signed out to sign in, remembering where they were going', async () => {
    renderAt('/applications?status=ALL', null);
    await screen.findByRole('heading', { name: 'Sign in to CertHub admin' });
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('sends a one-time password to be replaced first, then back', async () => {
    renderAt('/applications', { ...editor, mustChangePassword: true });
    expect((await screen.findByTestId('where')).textContent).toBe('/change-password?next=%2Fapplications');
  });

  it('tells an editor that a screen is for admins', async () => {
    renderAt('/users', editor);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Admins only');
  });

  it('shows what the server says when signing in is refused, as it says it', async () => {
    const throttled = 'Too many failed sign-ins for this account. Try again in 5 minutes.';
    renderAt('/login', null, [
      {
        request: { query: SignIn, variables: { email: 'a@example.com', password: 'wrong' } },
        result: { errors: [new GraphQLError(throttled, { extensions: { code: 'LOGIN_THROTTLED', retryAfterSeconds: 300 } })] },
      },
    ]);
    await userEvent.type(screen.getByLabelText('Email'), 'a@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(throttled);
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('goes back only to addresses of the console', () => {
    expect(safeNext('/applications?status=ALL')).toBe('/applications?status=ALL');
    expect(safeNext('//evil.example.com')).toBe('/');
    expect(safeNext('https://evil.example.com')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
