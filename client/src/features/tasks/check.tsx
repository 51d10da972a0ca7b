import { useEffect, useState } from 'react';

/**
 * A checkbox that ticks at the tap: the stored row (a Dexie write, then a live query) catches up
 * a moment later, and whatever it then says wins.
 */
export function Check({ checked, onToggle, label, className, id, disabled }: { checked: boolean; onToggle: (next: boolean) => void; label?: string; className?: string; id?: string; disabled?: boolean }) {
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  useEffect(() => setOptimistic(null), [checked]);
  const shown = optimistic ?? checked;
  return (
    <input
      type="checkbox"
      id={id}
      disabled={disabled}
      className={className}
      checked={shown}
      aria-label={label}
      onChange={() => {
        setOptimistic(!shown);
        onToggle(!shown);
      }}
    />
  );
}
