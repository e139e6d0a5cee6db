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

export function contractStatusLabel(status: string): string {
  switch (status) {
    case 'DRAFT':
      return 'Draft';
    case 'ACTIVE':
      return 'Active — signed';
    case 'COMPLETED':
      return 'Completed';
    case 'CANCELLED':
      return 'Cancelled';
    default:
      return status;
  }
}

export function changeOrderStatusLabel(status: string): string {
  switch (status) {
    case 'PROPOSED':
      return 'Awaiting the poster';
    case 'ACCEPTED':
      return 'Accepted';
    case 'REJECTED':
      return 'Rejected';
    case 'WITHDRAWN':
      return 'Withdrawn';
    default:
      return status;
  }
}

export function contractEventLabel(kind: string): string {
  switch (kind) {
    case 'CREATED':
      return 'started the contract';
    case 'DETAILS_SAVED':
      return 'saved the details';
    case 'SIGNED':
      return 'signed';
    case 'LOCKED':
      return 'completed the signatures: the contract locked';
    case 'CHANGE_ORDER_SUBMITTED':
      return 'submitted a change order';
    case 'CHANGE_ORDER_ACCEPTED':
      return 'accepted a change order';
    case 'CHANGE_ORDER_REJECTED':
      return 'rejected a change order';
    case 'CHANGE_ORDER_WITHDRAWN':
      return 'withdrew a change order';
    default:
      return kind.toLowerCase().replace(/_/g, ' ');
  }
}
