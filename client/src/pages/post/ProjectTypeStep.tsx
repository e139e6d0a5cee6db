import { useState, type FormEvent } from 'react';
import { queryFallback } from '../../components/States';
import { useFocusFirstInvalid, type FieldErrors } from '../../lib/errors';
import { ChoiceGroups } from './ChoiceGroups';
import { useTaxonomy } from './useTaxonomy';
import { StepButtons } from './WizardFrame';

/** One project type, chosen from those grouped under their super type. */
export function ProjectTypeStep({
  value,
  errors,
  saving,
  onBack,
  onSave,
}: {
  value: string | null;
  errors: FieldErrors;
  saving: boolean;
  onBack: () => void;
  onSave: (projectTypeId: string) => void;
}) {
  const { data, loading, error, refetch } = useTaxonomy();
  const [choice, setChoice] = useState(value);
  const [local, setLocal] = useState<string | undefined>();
  const { ref, failed } = useFocusFirstInvalid();

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setLocal('Choose the kind of project.');
      failed();
    } else onSave(choice);
  };
  const message = local ?? errors.projectTypeId;

  return (
    <form ref={ref} onSubmit={submit} noValidate className="stack">
      <h2>What kind of project is it?</h2>
      <ChoiceGroups
        type="radio"
        name="projectType"
        groups={data?.projectSuperTypes.map((superType) => ({ ...superType, options: superType.projectTypes })) ?? []}
        checked={(id) => choice === id}
        onChange={setChoice}
        error={message}
      />
      <StepButtons onBack={onBack} saving={saving} />
    </form>
  );
}
