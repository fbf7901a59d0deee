import './products.css';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';

/**
 * The question, as a form of its own: on the search page before anything is asked, and on the home
 * page, where it leads to the search page with the answer.
 */
export function CertifiedSearchForm({ onSearch, heading }: { onSearch: (search: string) => void; heading?: string }) {
  const id = useId();
  const [search, setSearch] = useState('');
  return (
    <search className="certified-search" aria-labelledby={heading ? `${id}-heading` : undefined}>
      {heading && <h2 id={`${id}-heading`}>{heading}</h2>}
      <form
        className="filters"
        aria-label={heading ? undefined : 'Is it certified?'}
        onSubmit={(event) => {
          event.preventDefault();
          if (search.trim()) onSearch(search.trim());
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-search`}>Product or vendor name</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
            required
          />
        </div>
        <button type="submit">Search every program</button>
      </form>
    </search>
  );
}

/** The question on the home page: it leads to the search page with the answer. */
export function CertifiedSearchBox() {
  const navigate = useNavigate();
  return (
    <CertifiedSearchForm
      heading="Is it certified?"
      onSearch={(search) => navigate(`/certified?${new URLSearchParams({ q: search })}`)}
    />
  );
}
