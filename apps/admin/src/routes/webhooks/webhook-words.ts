import { webhookEndpointProblems } from '@certhub/domain/webhook-endpoint';
import { errorsOf } from '@certhub/web-ui/errors';
import type { WebhookEvent } from '../../gql/graphql.js';

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'PROGRAM_STATUS_CHANGED',
  'PROGRAM_CREATED',
  'PROGRAM_CLOSED',
  'PRODUCT_LISTED',
  'PRODUCT_WITHDRAWN',
];

export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, string>> = {
  PROGRAM_STATUS_CHANGED: 'Status changed',
  PROGRAM_CREATED: 'Program added',
  PROGRAM_CLOSED: 'Program closed',
  PRODUCT_LISTED: 'Product listed',
  PRODUCT_WITHDRAWN: 'Product withdrawn',
};

export const WEBHOOK_EVENT_HINTS: Readonly<Record<WebhookEvent, string>> = {
  PROGRAM_STATUS_CHANGED: "Any change of a program's admission status, closing included.",
  PROGRAM_CREATED: 'A program added to the catalogue (by an editor or an import).',
  PROGRAM_CLOSED: 'A program closed: it leaves the public catalogue.',
  PRODUCT_LISTED: 'A program listed a certified product, for the first time or again (by an editor or an import).',
  PRODUCT_WITHDRAWN: 'A program withdrew a certified product from its list.',
};

/** A delivery as the log says it: PENDING with attempts behind it is being retried. */
export function deliveryState(delivery: { status: string; attempts: number }): string {
  switch (delivery.status) {
    case 'SENT':
      return 'Delivered';
    case 'FAILED':
      return 'Failed, no more attempts';
    case 'PENDING':
      return delivery.attempts > 0 ? 'Retrying' : 'Pending';
    default:
      return delivery.status;
  }
}

export interface EndpointValues {
  name: string;
  url: string;
  events: WebhookEvent[];
}

export type EndpointField = keyof EndpointValues | 'general';

/** The API's refusal of an endpoint, by the field it names (`extensions.field`: input.url…). */
export function endpointErrors(error: unknown, fallback: string): Partial<Record<EndpointField, string>> {
  const errors: Partial<Record<EndpointField, string>> = {};
  for (const problem of errorsOf(error)) {
    const field = problem.field?.replace(/^input\./, '');
    const key: EndpointField = field === 'name' || field === 'url' || field === 'events' ? field : 'general';
    errors[key] ??= problem.message;
  }
  return Object.keys(errors).length ? errors : { general: fallback };
}

/**
 * What the browser can check before asking the server (which checks the address for real): the
 * domain's schema of the fields, which the server checks the name with too.
 */
export function endpointProblems(values: EndpointValues): Partial<Record<EndpointField, string>> {
  return webhookEndpointProblems(values);
}
