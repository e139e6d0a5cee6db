/** A new gig's fields before its first save to the server, kept per employer in this browser. */
export interface DraftFields {
  title: string;
  description: string;
  projectTypeId: string | null;
  technologyIds: string[];
}

export const EMPTY_DRAFT: DraftFields = { title: '', description: '', projectTypeId: null, technologyIds: [] };

const key = (employerId: string) => `techgigs.newGig.${employerId}`;

export function loadLocalDraft(employerId: string): DraftFields {
  try {
    const stored = JSON.parse(localStorage.getItem(key(employerId)) ?? 'null') as Partial<DraftFields> | null;
    return { ...EMPTY_DRAFT, ...stored };
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveLocalDraft(employerId: string, draft: DraftFields): void {
  localStorage.setItem(key(employerId), JSON.stringify(draft));
}

export function clearLocalDraft(employerId: string): void {
  localStorage.removeItem(key(employerId));
}
