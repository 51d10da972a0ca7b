import { useEffect, useRef } from 'react';
import { useSearch } from 'wouter';
import { navigate } from 'wouter/use-browser-location';

/**
 * Acts once on a query parameter the URL carries (`/habits?new=1`, `/learn/journal?date=…`, as the
 * search palette opens things), then drops it from the address so a reload or a second visit does
 * not act again.
 */
export function useUrlIntent(name: string, act: (value: string) => void) {
  const search = useSearch();
  const actRef = useRef(act);
  actRef.current = act;
  useEffect(() => {
    const params = new URLSearchParams(search);
    const value = params.get(name);
    if (value == null) return;
    actRef.current(value);
    params.delete(name);
    const rest = params.toString();
    navigate(`${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`, { replace: true });
  }, [name, search]);
}
