import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createFocusTrap } from 'focus-trap';

/**
 * A modal panel: focus moves in and stays in (Tab and Shift+Tab cycle through its controls, by
 * focus-trap), Escape and the backdrop close it, and focus returns where it was. Of dialogs open
 * on top of each other only the top one answers Escape and holds focus (focus-trap's stack).
 */
export function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const panel = useRef<HTMLDivElement>(null);
  // Where focus was before the dialog: read while rendering, before a child's autoFocus moves it.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // A layout effect: the trap holds focus (and Escape closes) from the moment the dialog is drawn,
  // and focus is back on the opener as it unmounts (Preact runs plain effects a frame later).
  useLayoutEffect(() => {
    const el = panel.current;
    if (!el) return;
    // The opener may be gone (a dialog that replaced another); then what had focus when this one opened.
    const active = document.activeElement as HTMLElement | null;
    const back = opener?.isConnected && !el.contains(opener) ? opener : active && !el.contains(active) ? active : null;
    const trap = createFocusTrap(el, {
      initialFocus: () => (el.contains(document.activeElement) ? (document.activeElement as HTMLElement) : (el.querySelector<HTMLElement>('[autofocus]') ?? undefined)),
      fallbackFocus: el,
      // Escape closes the dialog through its owner, which unmounts it (and so ends the trap).
      escapeDeactivates: () => {
        closeRef.current();
        return false;
      },
      allowOutsideClick: true,
      returnFocusOnDeactivate: false,
    });
    trap.activate();
    return () => {
      trap.deactivate();
      if (back?.isConnected) back.focus();
    };
  }, [opener]);

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={label} ref={panel} tabIndex={-1}>
        {children}
      </div>
    </div>
  );
}
