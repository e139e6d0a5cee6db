import { useState } from 'react';
import { queryFallback } from '../../components/States';
import { ChoiceGroups } from '../post/ChoiceGroups';
import { useTaxonomy } from '../post/useTaxonomy';

export const MAX_SKILLS = 20;

/** Skills picked from the taxonomy's technologies (at most 20), with a filter box over the long list. */
export function SkillsPicker({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { data, loading, error: loadError, refetch } = useTaxonomy();
  const [query, setQuery] = useState('');
  const fallback = queryFallback({ data, loading, error: loadError, refetch });
  if (fallback) return fallback;

  const words = query.trim().toLocaleLowerCase();
  const classes = data?.technologyClasses ?? [];
  const names = new Map(classes.flatMap((c) => c.technologies.map((t) => [t.id, t.name] as const)));
  const groups = classes
    .map((technologyClass) => ({
      ...technologyClass,
      options: technologyClass.technologies.filter((t) => !words || t.name.toLocaleLowerCase().includes(words) || technologyClass.name.toLocaleLowerCase().includes(words)),
    }))
    .filter((group) => group.options.length > 0);
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((chosen) => chosen !== id) : [...value, id]);

  return (
    <fieldset className="stack">
      <legend>Skills</legend>
      <p className="muted" role="status">
        {value.length} of at most {MAX_SKILLS} chosen{value.length > 0 ? `: ${value.map((id) => names.get(id) ?? id).join(', ')}` : ''}.
      </p>
      <div className="field">
        <label htmlFor="skill-filter">Filter technologies</label>
        <input id="skill-filter" type="search" value={query} placeholder="e.g. Postgre, Rust, AWS" onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="skill-picker">
        <ChoiceGroups
          type="checkbox"
          name="skill"
          groups={groups}
          checked={(id) => value.includes(id)}
          disabled={(id) => !value.includes(id) && value.length >= MAX_SKILLS}
          onChange={toggle}
          error={error}
        />
      </div>
    </fieldset>
  );
}
