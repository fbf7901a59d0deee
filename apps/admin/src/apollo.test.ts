import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { sessionProblemOf } from './apollo.js';

const errors = (...extensions: Array<Record<string, unknown>>) =>
  new CombinedGraphQLErrors({ errors: extensions.map((extension) => ({ message: 'x', extensions: extension })) });

describe('what an API error says about the session', () => {
  it('reads an ended session from any request but signing in', () => {
    expect(sessionProblemOf(errors({ code: 'UNAUTHENTICATED' }), 'ProgramsPage')).toBe('expired');
    expect(sessionProblemOf(errors({ code: 'UNAUTHENTICATED' }), 'SignIn')).toBeNull();
  });

  it('reads a one-time password still to replace, and nothing from other refusals', () => {
    expect(sessionProblemOf(errors({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' }), 'UsersPage')).toBe(
      'password-change-required',
    );
    expect(sessionProblemOf(errors({ code: 'FORBIDDEN', requiredRole: 'ADMIN' }), 'UsersPage')).toBeNull();
    expect(sessionProblemOf(errors({ code: 'CONFLICT' }, { code: 'BAD_USER_INPUT' }), 'SetProgramStatus')).toBeNull();
    expect(sessionProblemOf(new Error('offline'), 'ProgramsPage')).toBeNull();
  });
});
