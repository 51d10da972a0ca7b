import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, HAVE_CHROMIUM } from './harness.ts';

/**
 * The markdown sanitiser runs in a real Chromium (DOM emulators disagree with browsers on parsing, which
 * is exactly where XSS lives): the module is bundled as-is, every payload is rendered and inserted into
 * the live DOM, and nothing may execute or survive as a script, handler or javascript: URL.
 */
const payloads = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss = 1"><circle r=10 /></svg>',
  '[click](javascript:window.__xss=1)',
  '[click](JaVaScRiPt:window.__xss=1)',
  '[click](<javascript:window.__xss=1>)',
  '[click](jav&#x09;ascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
  '<a href="&#106;avascript:window.__xss=1">x</a>',
  '<a href=" javascript:window.__xss=1">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<body onload="window.__xss = 1">',
  '<div onclick="window.__xss = 1">hi</div>',
  '<details open ontoggle="window.__xss = 1">x</details>',
  '<form action="javascript:window.__xss=1"><button>go</button></form>',
  '<math><mi xlink:href="javascript:window.__xss=1">x</mi></math>',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<style>body{background:url(javascript:window.__xss=1)}</style>',
  '<p style="background:url(javascript:window.__xss=1)">x</p>',
  '![x](javascript:window.__xss=1)',
  '<img src="data:image/svg+xml,<svg onload=window.__xss=1>">',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
  '<video><source onerror="window.__xss = 1"></video>',
  '<input autofocus onfocus="window.__xss = 1">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<base href="javascript:window.__xss=1//">',
  '<a href="#" onmouseover="window.__xss=1">hover</a>',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '<template><img src=x onerror="window.__xss=1"></template>',
  '```\n<script>window.__xss=1</script>\n```',
  '<a href="https://ok.example" target="_self" rel="opener">ok</a>',
];

describe.skipIf(!HAVE_CHROMIUM)('markdown rendering in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: ['client/src/ui/markdown.tsx'],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'md',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on('dialog', (d) => void d.dismiss());
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function renderInPage(text: string) {
    return page.evaluate(async (t) => {
      const w = window as unknown as { md: { renderMarkdown(s: string): string }; __xss?: number };
      w.__xss = 0;
      const html = w.md.renderMarkdown(t);
      const out = document.getElementById('out')!;
      out.innerHTML = html;
      // Give image errors, autofocus and toggle events their chance to fire.
      await new Promise((r) => setTimeout(r, 60));
      for (const el of out.querySelectorAll('*')) (el as HTMLElement).dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      const attrs: string[] = [];
      for (const el of out.querySelectorAll('*')) for (const a of el.attributes) attrs.push(`${el.tagName.toLowerCase()} ${a.name}=${a.value}`);
      const links = [...out.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), target: a.target, rel: a.rel }));
      return { html, attrs, links, xss: w.__xss, tags: [...out.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()) };
    }, text);
  }

  it('renders ordinary markdown: headings, emphasis, lists, code and tables', async () => {
    const r = await renderInPage('# Title\n\nSome **bold** text.\n\n- one\n- two\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(r.tags).toEqual(expect.arrayContaining(['h1', 'strong', 'ul', 'li', 'code', 'table']));
  });

  it('makes every link open in a new tab without an opener', async () => {
    const r = await renderInPage('See [the docs](https://example.com/a), <a href="/local">here</a> and <https://auto.example>.');
    expect(r.links).toHaveLength(3);
    expect(r.links[0].href).toBe('https://example.com/a');
    for (const l of r.links) {
      expect(l.target).toBe('_blank');
      expect(l.rel).toBe('noopener noreferrer');
    }
  });

  it.each(payloads)('neutralises the payload %s', async (payload) => {
    const r = await renderInPage(`Before\n\n${payload}\n\nAfter`);
    expect(r.xss).toBe(0);
    expect(r.tags.filter((t) => ['script', 'iframe', 'object', 'embed', 'style', 'form', 'input', 'button', 'svg', 'math', 'meta', 'base', 'template'].includes(t))).toEqual([]);
    for (const a of r.attrs) {
      const [, rest] = a.split(' ');
      const name = rest.slice(0, rest.indexOf('='));
      // eslint-disable-next-line no-control-regex -- browsers drop control characters inside a URL scheme
      const value = rest.slice(rest.indexOf('=') + 1).replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      expect(name.startsWith('on'), a).toBe(false);
      expect(name, a).not.toBe('style');
      expect(name, a).not.toBe('srcdoc');
      expect(value, a).not.toMatch(/^(javascript|vbscript|data:text)/);
    }
    for (const l of r.links) expect(l.rel).toBe('noopener noreferrer');
  });
});
