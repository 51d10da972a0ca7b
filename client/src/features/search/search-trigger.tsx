import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { createPortal } from 'react-dom';
import { Search } from 'lucide-react';
import './search-trigger.css';

type PaletteType = ComponentType<{ onClose: () => void }>;
let palette: PaletteType | undefined;
const loadPalette = () => import('./palette.tsx').then((m) => (palette = m.default));

/**
 * All the shell carries of search: the Ctrl/Cmd+K shortcut and a header button (touch-sized on a
 * phone). The palette, the index and MiniSearch load on the first use, in their own chunks.
 */
export function SearchTrigger() {
  const [open, setOpen] = useState(false);
  const [, setLoaded] = useState(0);
  const show = useCallback(() => {
    if (palette) return setOpen(true);
    void loadPalette().then(() => {
      setLoaded((n) => n + 1);
      setOpen(true);
    }, () => undefined);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (palette) setOpen((o) => !o);
        else show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);
  const Palette = palette;
  return (
    <>
      {/* Named by its text ("Search", kept for screen readers when a phone shows the icon alone); the shortcut is in the title and aria-keyshortcuts. */}
      <button type="button" className="search-trigger" onClick={show} onPointerEnter={() => void loadPalette().catch(() => undefined)} aria-haspopup="dialog" aria-keyshortcuts="Control+K Meta+K" title="Search (Ctrl+K)">
        <Search aria-hidden size={18} />
        <span className="search-trigger__label">Search</span>
      </button>
      {/* Into <body>: the top bar's backdrop-filter would make it the box a fixed backdrop fills. */}
      {open && Palette && createPortal(<Palette onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
