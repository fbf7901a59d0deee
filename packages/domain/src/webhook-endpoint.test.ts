import { describe, expect, it } from 'vitest';
import { WEBHOOK_ENDPOINT_NAME_MAX_LENGTH, WebhookEndpointName, webhookEndpointProblems } from './webhook-endpoint.js';

describe('webhook endpoint fields', () => {
  it('names the first problem of each field, and none for good fields', () => {
    expect(webhookEndpointProblems({ name: '', url: '', events: [] })).toEqual({
      name: 'Name the endpoint, e.g. the partner it is for.',
      url: 'Give the address to send events to.',
      events: 'Choose at least one event.',
    });
    expect(webhookEndpointProblems({ name: ' Partner ', url: 'https://example.com/hook', events: ['PROGRAM_CLOSED'] })).toEqual(
      {},
    );
  });

  it('trims the name and refuses one longer than the limit', () => {
    expect(WebhookEndpointName.parse('  Partner directory ')).toBe('Partner directory');
    expect(WebhookEndpointName.safeParse('x'.repeat(WEBHOOK_ENDPOINT_NAME_MAX_LENGTH)).success).toBe(true);
    expect(WebhookEndpointName.safeParse('x'.repeat(WEBHOOK_ENDPOINT_NAME_MAX_LENGTH + 1)).error?.issues[0]?.message).toBe(
      'Keep the name to 200 characters at most.',
    );
  });
});
