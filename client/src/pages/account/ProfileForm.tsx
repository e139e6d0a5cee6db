import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { fieldAdvice } from '../../lib/errorSentences';
import { useFormErrors } from '../../lib/errors';
import { bindFields } from '../../lib/fields';
import { useStateResetBy } from '../../lib/useStateResetBy';
import '../profiles/profiles.css';
import { SkillsPicker } from './SkillsPicker';

const ProfileForm_user = graphql(`
  fragment ProfileForm_user on User {
    id
    profile {
      displayName
      headline
      biography
      location
      hourlyRate {
        cents
        currency
      }
      links {
        url
        label
      }
      skills {
        id
      }
    }
  }
`);

const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      ...ProfileForm_user
    }
  }
`);

const MAX_LINKS = 5;
type Link = { url: string; label: string };
/** What to fix in each link row, by its place on screen. */
type LinkErrors = Record<number, { url?: string; label?: string }>;

/**
 * The links sent, each with its row on screen: blank rows are left out, so the server's `links.N`
 * is the Nth of these, and its errors go back to `row`.
 */
function linksToSend(links: Link[]): Array<{ row: number; url: string; label: string | null }> {
  return links.flatMap((link, row) => (link.url.trim() || link.label.trim() ? [{ row, url: link.url.trim(), label: link.label.trim() || null }] : []));
}

/** The API's `links.N.url` and `links.N.label` errors (paths as `canonicalFieldPath` spells them), on the rows they are about. */
function linkErrorsOf(error: unknown, rowOfSent: number[]): LinkErrors {
  const byRow: LinkErrors = {};
  if (!CombinedGraphQLErrors.is(error)) return byRow;
  for (const e of error.errors) {
    const fields = e.extensions?.fields;
    if (e.extensions?.code !== 'BAD_USER_INPUT' || !fields || typeof fields !== 'object') continue;
    for (const [path, message] of Object.entries(fields as Record<string, unknown>)) {
      const match = /^(?:input\.)?links\.(\d+)\.(url|label)$/.exec(path);
      const row = match ? rowOfSent[Number(match[1])] : undefined;
      if (match && row !== undefined) byRow[row] = { ...byRow[row], [match[2]]: fieldAdvice(String(message)) };
    }
  }
  return byRow;
}

/** The viewer's public profile: name, headline, skills, rate, links and a few words about them. */
export function ProfileForm(props: { user: FragmentType<typeof ProfileForm_user> }) {
  const { profile } = getFragmentData(ProfileForm_user, props.user);
  const [update, { loading: saving }] = useMutation(UpdateProfileDocument);
  // The form shows the profile as the server has it whenever that changes (loaded, saved).
  const state = useStateResetBy(
    {
      displayName: profile.displayName,
      headline: profile.headline ?? '',
      biography: profile.biography ?? '',
      location: profile.location ?? '',
      rate: profile.hourlyRate ? (profile.hourlyRate.cents / 100).toFixed(2) : '',
      currency: profile.hourlyRate?.currency ?? 'USD',
    },
    profile,
  );
  const [skills, setSkills] = useStateResetBy(
    profile.skills.map((skill) => skill.id),
    profile,
  );
  const [links, setLinks] = useStateResetBy<Link[]>(
    profile.links.map((link) => ({ url: link.url, label: link.label ?? '' })),
    profile,
  );
  const [form] = state;
  const { errors, setErrors, formError, run, formRef, failed } = useFormErrors();
  const field = bindFields(state, errors);
  const [saved, setSaved] = useState(false);
  const [linkErrors, setLinkErrors] = useState<LinkErrors>({});
  const rows = links.length < MAX_LINKS ? [...links, { url: '', label: '' }] : links;

  const setLink = (index: number, change: Partial<Link>) => {
    const next = rows.map((link, i) => (i === index ? { ...link, ...change } : link));
    setLinks(next.filter((link, i) => i < links.length || link.url || link.label));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setLinkErrors({});
    const rate = form.rate.trim();
    const amount = rate ? Number(rate) : null;
    if (amount !== null && !(Number.isFinite(amount) && amount > 0)) {
      setErrors({ cents: 'Enter an amount per hour, like 85 or 92.50.' });
      failed();
      return;
    }
    const sent = linksToSend(links);
    await run(async () => {
      try {
        await update({
          variables: {
            input: {
              displayName: form.displayName,
              headline: form.headline || null,
              biography: form.biography || null,
              location: form.location || null,
              skillIds: skills,
              hourlyRate: amount === null ? null : { cents: Math.round(amount * 100), currency: form.currency.trim().toUpperCase() },
              links: sent.map(({ url, label }) => ({ url, label })),
            },
          },
        });
      } catch (error) {
        // Before `run` shows the failure and focuses the first invalid field: each row's own error, on that row.
        setLinkErrors(linkErrorsOf(error, sent.map((link) => link.row)));
        throw error;
      }
      setSaved(true);
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="card stack">
      <FormError message={formError} />
      <TextField label="Display name" {...field('displayName')} />
      <TextField label="Headline" hint="One line under your name, e.g. “Backend engineer, Go and PostgreSQL”." {...field('headline')} />
      <TextField label="Location" {...field('location')} />
      <TextArea label="About you" rows={5} {...field('biography')} />
      <div className="grid-2">
        <TextField label="Hourly rate" inputMode="decimal" hint="Leave empty to not show a rate." {...field('rate')} error={errors.cents} />
        <TextField label="Currency" hint="ISO 4217 code, e.g. USD, EUR, GBP." maxLength={3} {...field('currency')} error={errors.currency} />
      </div>
      <fieldset className="stack">
        <legend>Links (portfolio, GitHub …; up to {MAX_LINKS})</legend>
        {errors.links && <p className="field__error">{errors.links}</p>}
        {rows.map((link, index) => (
          <div key={index} className="grid-2">
            <TextField
              label={`Link ${index + 1} address`}
              type="url"
              placeholder="https://"
              value={link.url}
              onChange={(e) => setLink(index, { url: e.target.value })}
              error={linkErrors[index]?.url}
            />
            <TextField label={`Link ${index + 1} label`} value={link.label} onChange={(e) => setLink(index, { label: e.target.value })} error={linkErrors[index]?.label} />
          </div>
        ))}
      </fieldset>
      <SkillsPicker value={skills} onChange={setSkills} error={errors.skillIds} />
      <div className="row">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>
        {saved && (
          <span role="status" className="success">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
