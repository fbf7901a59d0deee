import { describe, expect, it } from 'vitest';
import { checkFields } from './catalog-edit.js';
import {
  isEmail,
  NewStaffUser,
  normalizeEmail,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  roleAllows,
  StaffUserChanges,
} from './staff.js';

describe('staff rules', () => {
  it('lets an admin do what an editor does, not the reverse', () => {
    expect(roleAllows('ADMIN', 'EDITOR')).toBe(true);
    expect(roleAllows('ADMIN', 'ADMIN')).toBe(true);
    expect(roleAllows('EDITOR', 'EDITOR')).toBe(true);
    expect(roleAllows('EDITOR', 'ADMIN')).toBe(false);
  });

  it('refuses short, monotonous, email-derived and common passwords', () => {
    expect(passwordProblem('short')).toMatch(String(PASSWORD_MIN_LENGTH));
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/different characters/);
    expect(passwordProblem('jane.doe-2026-x', { email: 'Jane.Doe@example.com' })).toMatch(/email/);
    expect(passwordProblem('correcthorsebattery', { isCommon: (p) => p === 'correcthorsebattery' })).toMatch(/common/);
    expect(passwordProblem('a long and unusual passphrase', { email: 'jane@example.com', isCommon: () => false })).toBeNull();
  });

  it('compares email addresses without case or spaces', () => {
    expect(normalizeEmail('  Jane@Example.COM ')).toBe('jane@example.com');
    expect(isEmail('jane@example.com')).toBe(true);
    expect(isEmail('jane')).toBe(false);
  });

  it('checks the user form as the server does: the first field at fault, with its message', () => {
    expect(checkFields(NewStaffUser, { email: ' Jane@Example.com ', displayName: ' Jane ', role: 'EDITOR' })).toEqual({
      ok: true,
      value: { email: 'jane@example.com', displayName: 'Jane', role: 'EDITOR' },
    });
    expect(checkFields(NewStaffUser, { email: 'jane', displayName: '', role: 'EDITOR' })).toEqual({
      ok: false,
      field: 'email',
      message: 'Enter a valid email address.',
    });
    expect(checkFields(NewStaffUser, { email: 'jane@example.com', displayName: '  ', role: 'EDITOR' })).toMatchObject({
      ok: false,
      field: 'displayName',
    });
    expect(checkFields(NewStaffUser, { email: 'jane@example.com', displayName: 'Jane', role: 'OWNER' })).toMatchObject({
      ok: false,
      field: 'role',
    });
  });

  it('keeps what a change of an account leaves out or sets to null', () => {
    expect(checkFields(StaffUserChanges, { displayName: null, role: 'ADMIN' })).toEqual({ ok: true, value: { role: 'ADMIN' } });
    expect(checkFields(StaffUserChanges, { displayName: 'x'.repeat(201) })).toMatchObject({ ok: false, field: 'displayName' });
  });
});
