import { useState, type FormEvent } from 'react';
import { queryFallback } from '../../components/States';
import type { FieldErrors } from '../../lib/errors';
import { MAX_TECHNOLOGIES } from './steps';
import { ChoiceGroups } from './ChoiceGroups';
import { useTaxonomy } from './useTaxonomy';
import { StepButtons } from './WizardFrame';

/** One to ten technologies, chosen from those grouped under their class. */
export function TechnologiesStep({
  value,
  errors,
  saving,
  saveLabel,
  onBack,
  onSave,
}: {
  value: string[];
  errors: FieldErrors;
  saving: boolean;
  saveLabel?: string;
  onBack: () => void;
  onSave: (technologyIds: string[]) => void;
}) {
  const { data, loading, error, refetch } = useTaxonomy();
  const [chosen, setChosen] = useState<string[]>(value);
  const [local, setLocal] = useState<string | undefined>();

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;

  const toggle = (id: string) => setChosen((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length < 1 || chosen.length > MAX_TECHNOLOGIES) setLocal(`Choose 1 to ${MAX_TECHNOLOGIES} technologies.`);
    else {
      setLocal(undefined);
      onSave(chosen);
    }
  };
  const message = local ?? errors.technologyIds;

  return (
    <form onSubmit={submit} noValidate className="stack">
      <h2>Which technologies does it need?</h2>
      <p className="muted" role="status">
        {chosen.length} of at most {MAX_TECHNOLOGIES} chosen.
      </p>
      <ChoiceGroups
        type="checkbox"
        name="technology"
        groups={data?.technologyClasses.map((technologyClass) => ({ ...technologyClass, options: technologyClass.technologies })) ?? []}
        checked={(id) => chosen.includes(id)}
        disabled={(id) => !chosen.includes(id) && chosen.length >= MAX_TECHNOLOGIES}
        onChange={toggle}
        error={message}
      />
      <StepButtons onBack={onBack} saving={saving} label={saveLabel} />
    </form>
  );
}
