/** The wizard's steps in order; the address names the current one (`?step=`). */
export const STEPS = [
  { key: 'employer', label: 'Employer' },
  { key: 'basics', label: 'Basics' },
  { key: 'type', label: 'Project type' },
  { key: 'technologies', label: 'Technologies' },
  { key: 'terms', label: 'Terms' },
  { key: 'review', label: 'Review' },
  { key: 'publish', label: 'Pay and publish' },
] as const;
export type StepKey = (typeof STEPS)[number]['key'];

export const TITLE = { min: 5, max: 120 };
export const DESCRIPTION = { min: 20, max: 10_000 };
export const MAX_TECHNOLOGIES = 10;

/** The fields the steps edit; a saved draft may still lack its project type and technologies. */
export interface DraftFields {
  title: string;
  description: string;
  projectTypeId: string | null;
  technologyIds: string[];
}

export const EMPTY_DRAFT: DraftFields = { title: '', description: '', projectTypeId: null, technologyIds: [] };

/** What a draft still needs before it can be published, as the steps that supply it. */
export interface Missing {
  step: StepKey;
  label: string;
}

export function missingOf(listing: { projectType?: { id: string } | null; technologies: unknown[]; budget?: unknown; duration?: unknown; location?: unknown }): Missing[] {
  const missing: Missing[] = [];
  if (!listing.projectType) missing.push({ step: 'type', label: 'a project type' });
  if (listing.technologies.length < 1 || listing.technologies.length > MAX_TECHNOLOGIES) missing.push({ step: 'technologies', label: `1 to ${MAX_TECHNOLOGIES} technologies` });
  if (!listing.budget || !listing.duration || !listing.location) missing.push({ step: 'terms', label: 'a budget, a duration and a place' });
  return missing;
}
