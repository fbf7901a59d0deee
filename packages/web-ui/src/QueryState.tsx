import { errorsOf } from './errors.js';

/** Loading and error states that say what happened and offer a retry. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function LoadError({ what, error, retry }: { what: string; error: unknown; retry: () => unknown }) {
  const [first] = errorsOf(error);
  return (
    <div className="state state-error" role="alert">
      <p>
        Could not load {what}: {first?.message ?? 'something went wrong.'}
      </p>
      <button type="button" onClick={() => void retry()}>
        Try again
      </button>
    </div>
  );
}
