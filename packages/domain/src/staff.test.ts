import { describe, expect, it } from 'vitest';
import { isEmail, normalizeEmail, PASSWORD_MIN_LENGTH, passwordProblem, roleAllows } from './staff.js';

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
});
