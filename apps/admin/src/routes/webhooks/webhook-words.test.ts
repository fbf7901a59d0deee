import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { deliveryState, endpointErrors, endpointProblems } from './webhook-words.js';

const refused = (...errors: Array<{ message: string; field?: string }>) =>
  new CombinedGraphQLErrors({
    errors: errors.map(({ message, field }) => ({
      message,
      extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
    })),
  });

describe('webhook endpoint errors', () => {
  it('puts each refusal of the API next to the field it names', () => {
    expect(endpointErrors(refused({ message: 'Private addresses are refused.', field: 'input.url' }), 'x')).toEqual({
      url: 'Private addresses are refused.',
    });
    expect(endpointErrors(refused({ message: 'Choose at least one event.', field: 'input.events' }), 'x')).toEqual({
      events: 'Choose at least one event.',
    });
    expect(endpointErrors(refused({ message: 'No webhook endpoint has this id.', field: 'input.endpointId' }), 'x')).toEqual({
      general: 'No webhook endpoint has this id.',
    });
  });

  it('says the network failed when there is no answer', () => {
    expect(endpointErrors(new Error('offline'), 'Not saved.').general).toMatch(/could not be reached/);
  });

  it('checks what the browser can before sending', () => {
    expect(endpointProblems({ name: ' ', url: 'ftp://example.com', events: [] })).toEqual({
      name: 'Name the endpoint, e.g. the partner it is for.',
      url: 'Use an http:// or https:// address.',
      events: 'Choose at least one event.',
    });
    expect(endpointProblems({ name: 'Partner', url: 'https://example.com/hook', events: ['PROGRAM_CLOSED'] })).toEqual({});
  });
});

describe('delivery states', () => {
  it('names a pending delivery with failed attempts as retrying', () => {
    expect(deliveryState({ status: 'PENDING', attempts: 0 })).toBe('Pending');
    expect(deliveryState({ status: 'PENDING', attempts: 2 })).toBe('Retrying');
    expect(deliveryState({ status: 'SENT', attempts: 1 })).toBe('Delivered');
    expect(deliveryState({ status: 'FAILED', attempts: 13 })).toBe('Failed, no more attempts');
  });
});
