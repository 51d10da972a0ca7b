import { useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';

/**
 * A live query over the newest `n` items of a list that grows by "Show more". While the longer
 * page loads, the shorter one stays on screen (no flash of a loading line, no jump in scroll).
 */
export function usePagedLiveQuery<T>(load: (n: number) => Promise<T>, pageSize: number, step = pageSize * 2) {
  const [shown, setShown] = useState(pageSize);
  const loaded = useLiveQuery(() => load(shown), [shown]);
  const last = useRef(loaded);
  if (loaded !== undefined) last.current = loaded;
  return { data: loaded ?? last.current, showMore: () => setShown((n) => n + step) };
}
