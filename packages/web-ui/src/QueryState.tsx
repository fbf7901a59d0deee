import { errorsOf } from './errors.js';

/**
 * Loading and error states that say what happened and offer a retry: in English from `what`
 * ("the programs"), or in any language from whole sentences (`message`, `describe`, `tryAgain`).
 */
export function Loading(props: { what: string } | { message: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {'message' in props ? props.message : `Loading ${props.what}…`}
    </p>
  );
}

export function LoadError({
  error,
  retry,
  ...words
}: { error: unknown; retry: () => unknown } & (
  | { what: string }
  | { describe: (problem: string | null) => string; tryAgain: string }
)) {
  const [first] = errorsOf(error);
  const problem = first?.message ?? null;
  return (
    <div className="state state-error" role="alert">
      <p>
        {'describe' in words ? words.describe(problem) : `Could not load ${words.what}: ${problem ?? 'something went wrong.'}`}
      </p>
      <button type="button" onClick={() => void retry()}>
        {'tryAgain' in words ? words.tryAgain : 'Try again'}
      </button>
    </div>
  );
}
