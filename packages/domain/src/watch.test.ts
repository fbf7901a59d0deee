import { describe, expect, it } from 'vitest';
import { watchWants } from './watch.js';

describe('watchWants', () => {
  it('tells those waiting for a program to seek partners only about that', () => {
    expect(watchWants('STARTS_SEEKING', 'NOT_SEEKING_PARTNERS', 'SEEKING_PARTNERS')).toBe(true);
    expect(watchWants('STARTS_SEEKING', 'SEEKING_PARTNERS', 'NOT_SEEKING_PARTNERS')).toBe(false);
    expect(watchWants('STARTS_SEEKING', 'NOT_SEEKING_PARTNERS', 'CLOSED')).toBe(false);
  });

  it('tells those watching every change about every real change', () => {
    expect(watchWants('ANY_STATUS_CHANGE', 'SEEKING_PARTNERS', 'CLOSED')).toBe(true);
    expect(watchWants('ANY_STATUS_CHANGE', 'CLOSED', 'CLOSED')).toBe(false);
  });
});
