/** A listing's status in words; the colour only repeats it. */
export function ListingBadge({ status }: { status: 'LISTED' | 'WITHDRAWN' }) {
  return (
    <span className={`badge ${status === 'WITHDRAWN' ? 'badge-closed' : 'badge-seeking-partners'}`}>
      {status === 'WITHDRAWN' ? 'Withdrawn' : 'Listed'}
    </span>
  );
}
