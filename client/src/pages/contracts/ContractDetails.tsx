import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { errorCodeOf, fieldErrorsOf, messageOf, useFocusFirstInvalid, type FieldErrors } from '../../lib/errors';
import { useStateResetBy } from '../../lib/useStateResetBy';
import { SECTIONS, type SectionField } from './labels';

/** The six sections of one version: what both the document view and the poster's editor show. */
const ContractDetails_details = graphql(`
  fragment ContractDetails_details on ContractDetails {
    id
    version
    descriptionOfServices
    deliverables
    projectSchedule
    pricingAndRates
    paymentTermsAndSchedule
    termsAndConditions
  }
`);

/** The six sections as a document: how a locked contract reads and prints. */
export function ContractDetailsView(props: { details: FragmentType<typeof ContractDetails_details> }) {
  const details = getFragmentData(ContractDetails_details, props.details);
  return (
    <div className="contract-sections">
      {SECTIONS.map((section, index) => (
        <section key={section.field} className="contract-section">
          <h3>
            {index + 1}. {section.label}
          </h3>
          {details[section.field] ? <p className="pre-wrap">{details[section.field]}</p> : <p className="muted">Not filled in yet.</p>}
        </section>
      ))}
    </div>
  );
}

/** Saving a new version clears both signatures: the answer brings the signature panel up to date. */
const UpdateContractDetailsDocument = graphql(`
  mutation UpdateContractDetails($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {
    updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {
      id
      ...SignaturePanel_contract
      currentDetails {
        id
        version
      }
    }
  }
`);

type Sections = Record<SectionField, string>;
const EMPTY: Sections = {
  descriptionOfServices: '',
  deliverables: '',
  projectSchedule: '',
  pricingAndRates: '',
  paymentTermsAndSchedule: '',
  termsAndConditions: '',
};

/** The poster's form: every save is a new version, and clears both signatures. */
export function ContractDetailsEditor({ contractId, details: detailsRef }: { contractId: string; details: FragmentType<typeof ContractDetails_details> | null }) {
  const details = getFragmentData(ContractDetails_details, detailsRef);
  const version = details?.version ?? 0;
  const [update, { loading }] = useMutation(UpdateContractDetailsDocument, { refetchQueries: ['ContractPage'], awaitRefetchQueries: true });
  // Edits belong to the version they were made on: a newer version (saved here or elsewhere) starts the form over.
  const [form, setForm] = useStateResetBy<Sections>(details ? SECTIONS.reduce((acc, s) => ({ ...acc, [s.field]: details[s.field] }), EMPTY) : EMPTY, details?.id);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const { ref: formRef, failed } = useFocusFirstInvalid();

  const dirty = SECTIONS.some((s) => form[s.field] !== (details?.[s.field] ?? ''));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    setSaved(null);
    try {
      const { data } = await update({ variables: { contractId, expectedVersion: version, input: form } });
      setSaved(data?.updateContractDetails.currentDetails?.version ?? null);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setFormError(
        errorCodeOf(e) === 'CONFLICT' ? 'A newer version was saved (perhaps in another tab). Reload the page to see it before saving again.' : messageOf(e),
      );
      failed();
    }
  };

  return (
    <form ref={formRef} className="stack contract-editor no-print" onSubmit={submit} noValidate>
      <p className="muted">
        {version === 0 ? 'Fill in the six sections. ' : `You are editing version ${version}. `}
        Saving creates version {version + 1}; any signatures on the current version are cleared, and both of you sign the new one.
      </p>
      <FormError message={formError} />
      {SECTIONS.map((section, index) => (
        <TextArea
          key={section.field}
          label={`${index + 1}. ${section.label}`}
          name={section.field}
          hint={section.hint}
          rows={4}
          value={form[section.field]}
          onChange={(e) => setForm({ ...form, [section.field]: e.target.value })}
          error={errors[section.field]}
        />
      ))}
      <div className="row row--end">
        {saved !== null && !dirty && (
          <span role="status" className="success">
            Saved as version {saved}.
          </span>
        )}
        <button type="submit" className="button" disabled={loading || (!dirty && version > 0)}>
          {loading ? 'Saving…' : `Save as version ${version + 1}`}
        </button>
      </div>
    </form>
  );
}
