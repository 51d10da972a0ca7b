/**
 * `autoFocus` on an element a screen adds later (a form opened by a button, a confirm button).
 * React focuses such elements itself; Preact, which the browser bundle runs on (vite.config.ts),
 * only writes the `autofocus` attribute, and a browser honours that attribute once per page at
 * most. So an element that arrives with it is focused here, as React would, right after the render
 * that added it (a mutation observer's callback runs before the next task). Under React no element
 * carries the attribute and this does nothing.
 */
export function focusAddedAutofocus(root: HTMLElement) {
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        const target = node.hasAttribute('autofocus') ? node : node.querySelector<HTMLElement>('[autofocus]');
        if (target?.isConnected) {
          target.focus();
          return;
        }
      }
    }
  }).observe(root, { childList: true, subtree: true });
}
