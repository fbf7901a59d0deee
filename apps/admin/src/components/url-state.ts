import { useSearchParams } from 'react-router';

/** A screen's filter kept in the address: read a parameter, or change several at once (empty removes one). */
export function useAddressState(): {
  get: (key: string) => string | null;
  update: (changes: Record<string, string | null>) => void;
  clear: () => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  return {
    get: (key) => searchParams.get(key) || null,
    update: (changes) => {
      const next = new URLSearchParams(searchParams);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setSearchParams(next, { replace: true });
    },
    clear: () => setSearchParams(new URLSearchParams(), { replace: true }),
  };
}
