import { useEffect, useId, useState } from 'react';

/** How long typing may pause before the search goes into the address (and to the server). */
const SEARCH_DELAY_MS = 250;

/** A search box that follows the address and updates it once typing pauses. */
export function SearchField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  useEffect(() => {
    if (typed === value) return;
    const timer = setTimeout(() => onChange(typed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, value, onChange]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
    </div>
  );
}
