import { useQuery } from '@apollo/client/react';
import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { graphql } from '../../gql';
import type { SearchSuggestionKind, SearchSuggestionsQuery } from '../../gql/graphql';
import { SEARCH_MAX_LENGTH } from './catalogueParams';

const SearchSuggestionsDocument = graphql(`
  query SearchSuggestions($prefix: String!, $first: Int) {
    searchSuggestions(prefix: $prefix, first: $first) {
      text
      kind
      count
      technology {
        id
      }
      projectType {
        id
      }
    }
  }
`);

export type Suggestion = SearchSuggestionsQuery['searchSuggestions'][number];

const KIND_LABEL: Record<SearchSuggestionKind, string> = {
  TECHNOLOGY: 'Technology',
  PROJECT_TYPE: 'Project type',
  TERM: 'Word',
};

/**
 * The catalogue's search box with suggestions as you type: an ARIA 1.2 combobox (input with a
 * listbox popup). Arrow keys move through the suggestions, Enter takes the highlighted one (or
 * submits the form when none is), Escape closes the list.
 */
export function SearchBox({ value, onChange, onChoose }: { value: string; onChange: (value: string) => void; onChoose: (suggestion: Suggestion) => void }) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const prefix = useDeferredValue(value.trim());
  const { data } = useQuery(SearchSuggestionsDocument, { variables: { prefix, first: 8 }, skip: !open || prefix.length === 0 });
  const suggestions = open && prefix.length > 0 ? (data?.searchSuggestions ?? []) : [];
  const expanded = suggestions.length > 0;

  const choose = (suggestion: Suggestion) => {
    setOpen(false);
    setActive(-1);
    onChoose(suggestion);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      if (!suggestions.length) return;
      // The positions cycle through every suggestion and the input itself (-1, nothing highlighted).
      const states = suggestions.length + 1;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => {
        const next = ((current === -1 ? suggestions.length : current) + step + states) % states;
        return next === suggestions.length ? -1 : next;
      });
    } else if (event.key === 'Enter' && expanded && active >= 0 && active < suggestions.length) {
      event.preventDefault();
      choose(suggestions[active]);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (event.key === 'Enter') {
      setOpen(false);
    }
  };

  return (
    <div className="search-box">
      <input
        id="catalogue-search"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 && active < suggestions.length ? `${listId}-${active}` : undefined}
        autoComplete="off"
        maxLength={SEARCH_MAX_LENGTH}
        placeholder="Search by keyword, e.g. GraphQL API"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label="Suggestions" className="search-suggestions" hidden={!expanded}>
        {suggestions.map((suggestion, index) => (
          <li
            key={`${suggestion.kind}:${suggestion.text}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'search-suggestion search-suggestion--active' : 'search-suggestion'}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(suggestion);
            }}
            onMouseMove={() => setActive(index)}
          >
            <span className="search-suggestion__text">{suggestion.text}</span>
            <span className="search-suggestion__kind">{KIND_LABEL[suggestion.kind]}</span>
            <span className="count">{suggestion.count === 1 ? '1 gig' : `${suggestion.count} gigs`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
