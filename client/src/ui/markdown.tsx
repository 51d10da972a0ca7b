import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useMemo } from 'react';

/**
 * Markdown written by users and admins is untrusted: it is parsed by marked and the resulting HTML is
 * sanitised by DOMPurify before it touches the DOM. Raw HTML in the source is allowed only as far as the
 * sanitiser keeps it (no scripts, no event handlers, no javascript:/data: URLs on links).
 */
const parser = new Marked({ gfm: true, breaks: true, async: false });

const ALLOWED_URI = /^(?:https?:|mailto:|tel:|#|\/(?!\/)|\.{0,2}\/|[^:/?#]*(?:[/?#]|$))/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // DOMPurify binds to a window; in the browser (and in DOM-emulating tests) that is the global one.
  const p = DOMPurify(typeof window === 'undefined' ? undefined : (window as unknown as Window & typeof globalThis));
  if (!p.isSupported) return (purifier = p);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !ALLOWED_URI.test(href.trim())) node.removeAttribute('href');
      // Every link leaves the app in a new tab without giving the target page a handle on ours.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = p;
  return p;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markdown source → sanitised HTML string, safe for `dangerouslySetInnerHTML`. */
export function renderMarkdown(text: string): string {
  const purify = getPurifier();
  // Without a DOM (e.g. a Node test) DOMPurify cannot sanitise; show the source as plain text rather than trust it.
  if (!purify.isSupported) return escapeHtml(text ?? '');
  const raw = parser.parse(text ?? '') as string;
  return purify.sanitize(raw, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
  }) as string;
}

/** Renders markdown safely inside a `.markdown` block. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={className ? `markdown ${className}` : 'markdown'} dangerouslySetInnerHTML={{ __html: html }} />;
}
