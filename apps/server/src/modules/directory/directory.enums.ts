import { AttributeKind, LISTING_STATUS_LABELS, ListingStatus } from '@certhub/domain/directory';
import { registerEnumType } from 'type-graphql';

registerEnumType(ListingStatus, {
  name: 'ListingStatus',
  description: 'Whether the program lists a certified product today.',
  valuesConfig: {
    LISTED: { description: LISTING_STATUS_LABELS.LISTED },
    WITHDRAWN: { description: `${LISTING_STATUS_LABELS.WITHDRAWN}: no longer on the program's list; kept with its history.` },
  },
});

registerEnumType(AttributeKind, {
  name: 'AttributeKind',
  description: "How a program's attribute column reads.",
  valuesConfig: {
    TEXT: { description: 'Free text.' },
    YES_NO: { description: 'Yes or no, one per line of the cell (values are "yes" and "no").' },
    VERSIONS: { description: 'Software or firmware versions, one per line.' },
  },
});
