import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { budgetMaxCents, TERMS_LIMITS } from './listing-terms';

/** The web app's module (ES, outside Jest's reach), compiled and run here as it is. */
function clientModule(path: string): Record<string, any> {
  const source = readFileSync(join(__dirname, '../../../../client/src', path), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as Record<string, any> };
  runInNewContext(outputText, { module, exports: module.exports, Intl });
  return module.exports;
}

const { budgetMaxCents: clientBudgetMaxCents, minorDigits, TERMS_LIMITS: CLIENT_LIMITS } = clientModule('pages/post/termsLimits.ts');

/** The wizard checks amounts, weeks, hours and offsets before sending them, with its own copy of the API's bounds. */
it("the wizard's bounds of the terms are the API's", () => {
  expect(CLIENT_LIMITS.fixedMaxCents).toBe(TERMS_LIMITS.fixedMaxCents);
  expect(CLIENT_LIMITS.hourlyMaxCents).toBe(TERMS_LIMITS.hourlyMaxCents);
  expect(CLIENT_LIMITS.weeks).toEqual(TERMS_LIMITS.weeks);
  expect(CLIENT_LIMITS.hoursPerWeek).toEqual(TERMS_LIMITS.hoursPerWeek);
  expect(CLIENT_LIMITS.utcOffsetMinutes).toEqual(TERMS_LIMITS.utcOffsetMinutes);
  for (const kind of ['FIXED', 'HOURLY'] as const) expect(clientBudgetMaxCents(kind)).toBe(budgetMaxCents(kind));
  // Every cap fits a GraphQL Int, so a checked amount never meets the Int coercion error.
  expect(TERMS_LIMITS.fixedMaxCents).toBeLessThanOrEqual(2 ** 31 - 1);
});

it('knows how many decimals a currency takes', () => {
  expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('QQQ')]).toEqual([2, 0, 3, 2]);
});

it('shows an amount exactly, hundredths of a currency without decimals too', () => {
  const { formatMoney } = clientModule('lib/format.ts');
  expect([formatMoney(1, 'JPY'), formatMoney(100_000, 'JPY'), formatMoney(150, 'jpy'), formatMoney(2_500, 'usd')]).toEqual(['¥0.01', '¥1,000', '¥1.50', '$25.00']);
});
