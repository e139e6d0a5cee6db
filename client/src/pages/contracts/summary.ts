import { getFragmentData, graphql, type FragmentType } from '../../gql';

/** A contract at a glance, as the list shows it in a row and the contract page in its header. */
export const ContractSummary_contract = graphql(`
  fragment ContractSummary_contract on Contract {
    id
    status
    viewerRole
    createdAt
    listing {
      id
      title
    }
    ...ContractParties_contract
  }
`);

const ContractParties_contract = graphql(`
  fragment ContractParties_contract on Contract {
    employer {
      id
      name
    }
    employerUser {
      id
      profile {
        displayName
      }
    }
    worker {
      id
      profile {
        displayName
      }
    }
  }
`);

/** Who a contract binds, by name: the employer, the poster who signs for it, and the freelancer. */
export function contractParties(ref: FragmentType<typeof ContractParties_contract>) {
  const { employer, employerUser, worker } = getFragmentData(ContractParties_contract, ref);
  return { employer: employer.name, poster: employerUser.profile.displayName, freelancer: worker.profile.displayName };
}
