import { z } from 'zod';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

export const WEBHOOK_ENDPOINT_NAME_MAX_LENGTH = 200;

/** What a webhook endpoint is called (the partner it is for): the console and the server check it alike. */
export const WebhookEndpointName = z
  .string()
  .trim()
  .min(1, 'Name the endpoint, e.g. the partner it is for.')
  .max(WEBHOOK_ENDPOINT_NAME_MAX_LENGTH, `Keep the name to ${WEBHOOK_ENDPOINT_NAME_MAX_LENGTH} characters at most.`);

/**
 * A webhook endpoint's name, address and events as staff enter them. The console checks a form
 * with it before sending; the server checks the name with the same rule, and the address for real
 * (a public http(s) address that resolves: webhook-address.ts) rather than only by its shape.
 */
export const WebhookEndpointFields = z.object({
  name: WebhookEndpointName,
  url: z
    .string()
    .trim()
    .min(1, 'Give the address to send events to.')
    .regex(/^https?:\/\/\S+$/i, 'Use an http:// or https:// address.'),
  events: z.array(z.string()).min(1, 'Choose at least one event.'),
});
export type WebhookEndpointFields = z.infer<typeof WebhookEndpointFields>;

/** The first problem of each field, by field name; empty when the fields are fine. */
export function webhookEndpointProblems(values: unknown): Partial<Record<keyof WebhookEndpointFields, string>> {
  const result = WebhookEndpointFields.safeParse(values);
  const problems: Partial<Record<keyof WebhookEndpointFields, string>> = {};
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof WebhookEndpointFields;
    problems[field] ??= issue.message;
  }
  return problems;
}
