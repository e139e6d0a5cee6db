import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';

const PostWizardTaxonomyDocument = graphql(`
  query PostWizardTaxonomy {
    projectSuperTypes {
      id
      name
      projectTypes {
        id
        name
      }
    }
    technologyClasses {
      id
      name
      technologies {
        id
        name
      }
    }
  }
`);

/** The project types and technologies a gig can be filed under, grouped as the steps show them. */
export function useTaxonomy() {
  return useQuery(PostWizardTaxonomyDocument);
}
