import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CLIENT_DIST = path.resolve(__dirname, '..', 'client', 'dist', 'index.html');
export const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

/** The end-to-end tests drive the built web app; say how to get what is missing instead of failing obscurely. */
export function assertPrerequisites(): void {
  if (!existsSync(CLIENT_DIST)) {
    throw new Error(`The web app is not built (${CLIENT_DIST} is missing): run \`npm run build:client\` before the end-to-end tests.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` before the end-to-end tests.`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A person at their own browser: a page, and every console error or uncaught exception it saw. */
export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

/** The screens the browser tests run on: a desktop window, and a phone held upright (touch, no mouse). */
export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 } as const;
export type Screen = typeof DESKTOP | typeof PHONE;

export async function openPerson(browser: Browser, baseURL: string, name: string, screen: Screen = DESKTOP): Promise<Person> {
  const context = await browser.newContext({ baseURL, ...screen });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${name}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${name}: uncaught ${error.message}`));
  // Anything the Content-Security-Policy blocks is an error too, named by directive and address
  // (Chromium also logs "Refused to …" to the console, caught above; this does not depend on it).
  await context.exposeBinding('__cspViolation', (_source, text: string) => {
    consoleErrors.push(`${name}: Content Security Policy violation: ${text}`);
  });
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
  });`);
  return { name, context, page, consoleErrors };
}

let shot = 0;

/** Starts the run's screenshots afresh, so none is left over from an earlier run. */
export function clearScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  shot = 0;
}

/** Saves a full-page screenshot as e2e/screenshots/NN-name.png (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  shot += 1;
  // One image pixel per CSS pixel: a phone's page (device scale factor 3) is the same picture at a
  // ninth of the pixels, which Chromium took seconds to encode for each full-page shot.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, scale: 'css' });
}
