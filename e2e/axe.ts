import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** The rules the web app is held to: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** What the page's window holds once axe-core is in it (the e2e tests are compiled without the DOM's types). */
interface AxeWindow {
  axe?: { run(context: unknown, options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: string[] }): Promise<{ violations: AxeViolation[] }> };
  document: unknown;
}

let source: string | undefined;
// The minified build of the same axe-core (its package ships both): the same rules, less source
// for each new page to parse.
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Every page checked so far in this process, with what it was called, for the run's summary. */
export const checkedPages: string[] = [];

/**
 * Runs axe-core in the page as it is now and throws on any violation of {@link WCAG_TAGS},
 * naming the rule, the elements (CSS selectors) and what is wrong with each.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const loaded = await page.evaluate(() => (globalThis as unknown as AxeWindow).axe !== undefined);
  // Evaluated over the DevTools protocol rather than added as a <script>: the app's
  // Content-Security-Policy (script-src 'self') rightly refuses inline scripts, and the journey
  // counts every refusal as an error.
  if (!loaded) await page.evaluate(axeSource());
  const { violations } = await page.evaluate(
    (tags) => {
      const { axe, document } = globalThis as unknown as AxeWindow;
      return axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    },
    WCAG_TAGS,
  );
  checkedPages.push(name);
  if (violations.length === 0) return;
  const report = violations
    .map((v) => `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n\s*/g, ' ') ?? ''}`).join('\n')}`)
    .join('\n');
  throw new Error(`axe found ${violations.length} WCAG 2.2 AA violation(s) on “${name}” (${page.url()}):\n${report}`);
}
