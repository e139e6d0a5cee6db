/** The six sections of a contract, in the order they are read. */
export const SECTIONS = [
  { field: 'descriptionOfServices', label: 'Description of services', hint: 'What the freelancer will do.' },
  { field: 'deliverables', label: 'Deliverables', hint: 'What the freelancer hands over.' },
  { field: 'projectSchedule', label: 'Project schedule', hint: 'Milestones and dates.' },
  { field: 'pricingAndRates', label: 'Pricing and rates', hint: 'Fixed price or rates, and the currency.' },
  { field: 'paymentTermsAndSchedule', label: 'Payment terms and schedule', hint: 'When and how the freelancer is paid.' },
  { field: 'termsAndConditions', label: 'Terms and conditions', hint: 'Everything else both parties agree to.' },
] as const;

export type SectionField = (typeof SECTIONS)[number]['field'];

export const sectionLabel = (field: string): string => SECTIONS.find((s) => s.field === field)?.label ?? field;

const CONTRACT_STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft',
  ACTIVE: 'Active — signed',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
};

const CHANGE_ORDER_STATUS_LABELS: Record<string, string> = {
  PROPOSED: 'Awaiting the poster',
  ACCEPTED: 'Accepted',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
};

const CONTRACT_EVENT_LABELS: Record<string, string> = {
  CREATED: 'started the contract',
  DETAILS_SAVED: 'saved the details',
  SIGNED: 'signed',
  LOCKED: 'completed the signatures: the contract locked',
  CHANGE_ORDER_SUBMITTED: 'submitted a change order',
  CHANGE_ORDER_ACCEPTED: 'accepted a change order',
  CHANGE_ORDER_REJECTED: 'rejected a change order',
  CHANGE_ORDER_WITHDRAWN: 'withdrew a change order',
  COMPLETION_REQUESTED: 'asked for the contract to be completed',
  COMPLETION_DECLINED: 'sent the contract back to work',
  COMPLETED: 'completed the contract',
  CANCELLED: 'cancelled the contract',
  REVIEW_SUBMITTED: 'submitted a review',
  REVIEWS_PUBLISHED: 'submitted the second review: both are public',
  REVIEW_REPLIED: 'replied to a review',
};

// A value the server added after this client was built still reads as something.
export const contractStatusLabel = (status: string): string => CONTRACT_STATUS_LABELS[status] ?? status;
export const changeOrderStatusLabel = (status: string): string => CHANGE_ORDER_STATUS_LABELS[status] ?? status;
export const contractEventLabel = (kind: string): string => CONTRACT_EVENT_LABELS[kind] ?? kind.toLowerCase().replace(/_/g, ' ');
