import { useState, type FormEvent } from 'react';
import { queryFallback } from '../../components/States';
import { useFocusFirstInvalid, type FieldErrors } from '../../lib/errors';
import { MAX_TECHNOLOGIES } from './steps';
import { ChoiceGroups } from './ChoiceGroups';
import { useTaxonomy } from './useTaxonomy';
import { StepButtons } from './WizardFrame';

/**
 * One to ten technologies, chosen from those grouped under their class. Fifty checkboxes are a long
 * scroll on a phone: a filter box narrows them by name, and what is chosen stays listed above.
 */
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
  const [query, setQuery] = useState('');
  const { ref, failed } = useFocusFirstInvalid();

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;

  const toggle = (id: string) => setChosen((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length < 1 || chosen.length > MAX_TECHNOLOGIES) {
      setLocal(`Choose 1 to ${MAX_TECHNOLOGIES} technologies.`);
      failed();
    } else {
      setLocal(undefined);
      onSave(chosen);
    }
  };
  const message = local ?? errors.technologyIds;
  const words = query.trim().toLocaleLowerCase();
  const classes = data?.technologyClasses ?? [];
  const names = new Map(classes.flatMap((c) => c.technologies.map((t) => [t.id, t.name] as const)));
  const groups = classes
    .map((technologyClass) => ({
      ...technologyClass,
      options: technologyClass.technologies.filter((t) => !words || t.name.toLocaleLowerCase().includes(words) || technologyClass.name.toLocaleLowerCase().includes(words)),
    }))
    .filter((group) => group.options.length > 0);

  return (
    <form ref={ref} onSubmit={submit} noValidate className="stack">
      <h2>Which technologies does it need?</h2>
      <p className="muted" role="status">
        {chosen.length} of at most {MAX_TECHNOLOGIES} chosen{chosen.length > 0 ? `: ${chosen.map((id) => names.get(id) ?? id).join(', ')}` : ''}.
      </p>
      <div className="field">
        <label htmlFor="technology-filter">Filter technologies</label>
        <input id="technology-filter" type="search" value={query} placeholder="e.g. Postgre, Rust, AWS" onChange={(e) => setQuery(e.target.value)} aria-describedby="technology-filter-count" />
        <p id="technology-filter-count" className="field__hint" aria-live="polite">
          {words ? `${groups.reduce((n, g) => n + g.options.length, 0)} technologies match “${query.trim()}”.` : 'Type to narrow the list.'}
        </p>
      </div>
      <ChoiceGroups
        type="checkbox"
        name="technology"
        groups={groups}
        checked={(id) => chosen.includes(id)}
        disabled={(id) => !chosen.includes(id) && chosen.length >= MAX_TECHNOLOGIES}
        onChange={toggle}
        error={message}
      />
      <StepButtons onBack={onBack} saving={saving} label={saveLabel} />
    </form>
  );
}
