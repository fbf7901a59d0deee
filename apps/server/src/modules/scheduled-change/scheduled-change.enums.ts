import { ScheduledChangeState, ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { registerEnumType } from 'type-graphql';

registerEnumType(ScheduledChangeState, {
  name: 'ScheduledChangeState',
  description: 'Where a scheduled change stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its moment.' },
    APPLIED: { description: 'Made at its moment, recorded with that moment.' },
    SKIPPED: { description: 'Its moment came, but the program had changed so that it no longer made sense (see outcome).' },
    CANCELLED: { description: 'Cancelled by staff, or by a manual edit of the same field.' },
  },
});

registerEnumType(ScheduledChangesChoice, {
  name: 'ScheduledChangesChoice',
  description: 'What a manual edit does to the pending scheduled changes of the fields it changes.',
  valuesConfig: {
    KEEP: { description: 'They stay, and still take effect at their moment.' },
    CANCEL: { description: 'They are cancelled with the edit.' },
  },
});
