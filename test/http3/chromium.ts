// Chromium loading pages from our HTTP/3 server: headless, a fresh profile, forced onto QUIC for
// our origin and told to trust our self-signed certificate by its SPKI hash. DevTools'
// Network.responseReceived tells which protocol carried each response. Used by the interop test
// and by chapter 10's scenario.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../peers/availability.ts';

export interface LoadedResponse {
  url: string;
  status: number;
  /** "h3", "h2", "http/1.1" as DevTools reports it */
  protocol: string;
  mimeType: string;
}

export interface PageResult {
  url: string;
  title: string;
  /** the page's text, to check that it rendered */
  text: string;
}

export interface ChromiumRun {
  pages: PageResult[];
  responses: LoadedResponse[];
}

/** Chromium's flags for our origin (host:port) and certificate. */
export function quicFlags(origin: string, spki: string): string[] {
  return [
    '--enable-quic',
    `--origin-to-force-quic-on=${origin}`,
    `--ignore-certificate-errors-spki-list=${spki}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.env.QUIC_DEBUG === '1' ? debugQuicFlags : []),
  ];
}

/**
 * Under the debugger (QUIC_DEBUG=1, as our own timeouts): Chromium gives a QUIC handshake 10 s (5 s
 * idle) and then fails the page with ERR_QUIC_PROTOCOL_ERROR, too soon for a server at breakpoints.
 * Its QUIC field trial's parameters raise both, and the idle timeout after the handshake.
 */
const debugQuicFlags = [
  '--force-fieldtrials=QUIC/Enabled',
  '--force-fieldtrial-params=QUIC.Enabled:max_time_before_crypto_handshake_seconds/600/max_idle_time_before_crypto_handshake_seconds/600/idle_connection_timeout_seconds/600',
];

/** Loads each path in turn (following the page's own requests) and returns what rendered and how. */
export async function loadInChromium(origin: string, spki: string, paths: string[], timeoutMs = process.env.QUIC_DEBUG === '1' ? 600_000 : 20_000): Promise<ChromiumRun> {
  const profile = mkdtempSync(join(tmpdir(), 'h3-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: quicFlags(origin, spki),
    timeout: timeoutMs,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const responses: LoadedResponse[] = [];
    cdp.on('Network.responseReceived', (e) => {
      const r = e.response;
      responses.push({ url: r.url, status: r.status, protocol: r.protocol ?? '', mimeType: r.mimeType });
    });
    await cdp.send('Network.enable');
    const pages: PageResult[] = [];
    for (const path of paths) {
      await page.goto(`https://${origin}${path}`, { waitUntil: 'load', timeout: timeoutMs });
      await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => {});
      pages.push({ url: page.url(), title: await page.title(), text: await page.innerText('body') });
    }
    return { pages, responses };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
