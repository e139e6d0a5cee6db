import { createHash } from 'node:crypto';
import { diffLines } from 'diff';

/** The six sections of a contract, in their canonical order. */
export const CONTRACT_SECTIONS = [
  'descriptionOfServices',
  'deliverables',
  'projectSchedule',
  'pricingAndRates',
  'paymentTermsAndSchedule',
  'termsAndConditions',
] as const;

export type ContractSection = (typeof CONTRACT_SECTIONS)[number];
export type ContractContent = Record<ContractSection, string>;

export const MAX_SECTION_LENGTH = 20_000;

/** Marks the canonical form, so a future change of form can never collide with this one. */
export const CANONICAL_FORM_TAG = 'techgigs-contract-details-v1';

/** Every section in Unicode NFC: what is stored is exactly what is hashed. */
export function normalizeContent(content: ContractContent): ContractContent {
  return Object.fromEntries(CONTRACT_SECTIONS.map((section) => [section, content[section].normalize('NFC')])) as ContractContent;
}

/**
 * The canonical form that `contentHash` digests, so anyone holding the six sections can verify
 * a version: `JSON.stringify([CANONICAL_FORM_TAG, descriptionOfServices, deliverables,
 * projectSchedule, pricingAndRates, paymentTermsAndSchedule, termsAndConditions])`, each section
 * NFC-normalised, no whitespace between tokens (JSON.stringify's own escaping), encoded as UTF-8.
 */
export function canonicalContent(content: ContractContent): string {
  return JSON.stringify([CANONICAL_FORM_TAG, ...CONTRACT_SECTIONS.map((section) => content[section].normalize('NFC'))]);
}

/** SHA-256 of the UTF-8 bytes of the canonical form, as 64 lowercase hex digits. */
export function contentHash(content: ContractContent): string {
  return createHash('sha256').update(canonicalContent(content), 'utf8').digest('hex');
}

/** Sections still empty (blank counts as empty): a version with any of them cannot be signed. */
export function missingSections(content: ContractContent): ContractSection[] {
  return CONTRACT_SECTIONS.filter((section) => content[section].trim() === '');
}


type LineChange = { kind: 'ADDED' | 'REMOVED' | 'UNCHANGED'; text: string };

export interface SectionDiff {
  field: ContractSection;
  before: string;
  after: string;
  changed: boolean;
  lines: LineChange[];
}

/**
 * Bounds the line diff of two very different 20,000-character sections. A diff runs on the event
 * loop: six sections at this bound keep one under a few hundred milliseconds, and the node limit
 * counts each `Contract.diff` as DIFF_NODE_COST so one request holds at most two.
 */
const LINE_DIFF_TIMEOUT_MS = 40;

/** What one `Contract.diff` counts towards the node limit of a request (graphql/limits.ts). */
export const DIFF_NODE_COST = 4_000;

/**
 * Versions never change once saved, so the diff of two contents (by their content hashes) never
 * does either: the most recent ones are kept, and asking again costs nothing.
 */
const recentDiffs = new Map<string, SectionDiff[]>();
const RECENT_DIFFS = 200;

function lineDiff(before: string, after: string): LineChange[] {
  if (before === after) return before === '' ? [] : [{ kind: 'UNCHANGED', text: before }];
  // A last line that merely gains a line after it is unchanged, not removed and added again.
  const changes = diffLines(before, after, { timeout: LINE_DIFF_TIMEOUT_MS, ignoreNewlineAtEof: true });
  if (!changes) {
    const whole: LineChange[] = [
      { kind: 'REMOVED', text: before },
      { kind: 'ADDED', text: after },
    ];
    return whole.filter((change) => change.text !== '');
  }
  return changes.map((change) => ({ kind: change.added ? 'ADDED' : change.removed ? 'REMOVED' : 'UNCHANGED', text: change.value }));
}

/** Section by section, with a line diff of each (jsdiff's Myers diff); `key` names the pair for the cache. */
export function diffContent(before: ContractContent, after: ContractContent, key?: string): SectionDiff[] {
  const known = key === undefined ? undefined : recentDiffs.get(key);
  if (known) return known;
  const diff = computeDiff(before, after);
  if (key !== undefined) {
    recentDiffs.set(key, diff);
    if (recentDiffs.size > RECENT_DIFFS) recentDiffs.delete(recentDiffs.keys().next().value as string);
  }
  return diff;
}

function computeDiff(before: ContractContent, after: ContractContent): SectionDiff[] {
  return CONTRACT_SECTIONS.map((field) => ({
    field,
    before: before[field],
    after: after[field],
    changed: before[field] !== after[field],
    lines: lineDiff(before[field], after[field]),
  }));
}
