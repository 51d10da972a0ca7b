import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startTestServer } from '../e2e/harness.ts';
import type { BenchResult } from './results.ts';

/** The routes a newcomer opens first; each is measured on a cold, fresh profile. */
const ROUTES = ['/', '/habits', '/exercise', '/progress'] as const;
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const routeName = (route: string) => (route === '/' ? 'today' : route.slice(1));

interface Run {
  perf: number;
  a11y: number;
  lcp: number;
  tbt: number;
  cls: number;
  fcp: number;
}

/**
 * One Lighthouse run: its default mobile preset (simulated 150 ms RTT, 1.6 Mbps, 4× CPU
 * slowdown, a Moto G-sized screen) in a Chromium with a profile of its own, so nothing is cached
 * and no service worker has taken over — what a person meets on their first visit.
 */
async function lighthouseOnce(url: string): Promise<Run> {
  const profile = mkdtempSync(join(tmpdir(), 'ignition-lh-'));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    userDataDir: profile,
    chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat('--headless=new'),
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error('Lighthouse returned nothing');
    const { categories, audits } = result.lhr;
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    const failedA11y = Object.values(audits).filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0 && result.lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id));
    if (failedA11y.length) console.log(`  ${url}: accessibility audits failing: ${failedA11y.map((a) => a.id).join(', ')}`);
    return {
      perf: Math.round((categories.performance.score ?? 0) * 100),
      a11y: Math.round((categories.accessibility.score ?? 0) * 100),
      lcp: audits['largest-contentful-paint'].numericValue ?? NaN,
      tbt: audits['total-blocking-time'].numericValue ?? NaN,
      cls: audits['cumulative-layout-shift'].numericValue ?? NaN,
      fcp: audits['first-contentful-paint'].numericValue ?? NaN,
    };
  } finally {
    await chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Lighthouse, median of three runs per route, every run printed (the figures are noisy on a shared machine). */
export async function benchLighthouse(routes: readonly string[] = ROUTES): Promise<BenchResult[]> {
  const server = await startTestServer();
  const results: BenchResult[] = [];
  try {
    for (const route of routes) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await lighthouseOnce(server.url + route));
      const name = routeName(route);
      console.log(
        `lighthouse ${route}: ` +
          runs.map((r) => `perf ${r.perf} a11y ${r.a11y} FCP ${r.fcp.toFixed(0)} LCP ${r.lcp.toFixed(0)} TBT ${r.tbt.toFixed(0)} CLS ${r.cls.toFixed(3)}`).join(' | '),
      );
      const perf = median(runs.map((r) => r.perf));
      const a11y = median(runs.map((r) => r.a11y));
      const cls = median(runs.map((r) => r.cls));
      results.push(
        { name: `lighthouse_perf_${name}`, value: perf, unit: 'score', target: 90, pass: perf >= 90 },
        { name: `lighthouse_a11y_${name}`, value: a11y, unit: 'score', target: 100, pass: a11y >= 100 },
        { name: `lcp_ms_${name}`, value: median(runs.map((r) => r.lcp)), unit: 'ms' },
        { name: `tbt_ms_${name}`, value: median(runs.map((r) => r.tbt)), unit: 'ms' },
        { name: `cls_${name}`, value: cls, unit: 'score', target: 0.05, pass: cls <= 0.05 },
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

/**
 * The JavaScript bytes really transferred on a cold load of `/` in a fresh profile, read from
 * Chromium's network log (`Network.loadingFinished.encodedDataLength`: compressed bytes on the
 * wire, headers included), counting every script the page fetched until the network was quiet —
 * not files gzipped on disk. The service worker's precache downloads run in the worker, not the
 * page, and are not counted: they do not delay the first screen.
 */
export async function initialJsTransferKb(): Promise<BenchResult> {
  const server = await startTestServer();
  const profile = mkdtempSync(join(tmpdir(), 'ignition-js-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 390, height: 844 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const scripts = new Map<string, string>();
    const bytes = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script' || /javascript/.test(e.response.mimeType)) scripts.set(e.requestId, e.response.url);
    });
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
    await page.goto(server.url + '/', { waitUntil: 'networkidle' });
    await page.waitForTimeout(1500);
    let total = 0;
    const files: string[] = [];
    for (const [id, url] of scripts) {
      total += bytes.get(id) ?? 0;
      files.push(`${new URL(url).pathname.replace('/assets/', '')} ${((bytes.get(id) ?? 0) / 1024).toFixed(1)}`);
    }
    console.log(`initial JS on the wire: ${files.length} files: ${files.join(', ')}`);
    const kb = total / 1024;
    return { name: 'initial_js_transfer_kb', value: kb, unit: 'KB', target: 90, pass: kb <= 90 };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}
