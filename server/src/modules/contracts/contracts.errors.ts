import { conflict, forbidden, notFound } from '../../errors';

/** Strangers get the same answer for a contract that exists as for one that does not. */
export const contractNotFound = () => notFound('Contract');
export const changeOrderNotFound = () => notFound('Change order');
export const contractExists = () => conflict('This conversation already has a contract');
export const contractLocked = () => conflict('The contract is signed by both parties and locked: its details can no longer change');
export const staleVersion = (expected: number, current: number) =>
  conflict(`The contract is at version ${current}, not ${expected}: reload it and edit the latest version`);
export const notCurrentVersion = (version: number, current: number | null) =>
  conflict(
    current === null
      ? 'The contract has no details to sign yet'
      : `Version ${version} is not the current version (${current}): review the latest version before signing`,
  );
export const incompleteVersion = (version: number, missing: string[]) =>
  conflict(`Version ${version} is incomplete: fill in ${missing.join(', ')} before signing`);
export const contractNotActive = () => conflict('Change orders apply only to an active contract, signed by both parties');
export const contractEnded = (status: string) => conflict(`The contract is ${status.toLowerCase()}: it can no longer change`);
export const notActiveForCompletion = () => conflict('Only an active contract, signed by both parties, can be completed');
export const completionAlreadyRequested = () => conflict('Completion is already requested: wait for the poster to complete or decline it');
export const noCompletionRequest = () => conflict('The worker has not asked for completion: there is nothing to decline');
export const changeOrderDecided = (status: string) => conflict(`This change order is already ${status.toLowerCase()} and can no longer change`);
export const totalsOutOfRange = () => conflict('Accepting this change order would take the running totals out of range');
export const posterOnly = (action: string) => forbidden(`Only the poster of this contract may ${action}`);
export const employerSideOnly = (action: string) =>
  forbidden(`Only the poster of this contract (or, once the poster has left the employer, its owners) may ${action}`);
export const workerOnly = (action: string) => forbidden(`Only the worker of this contract may ${action}`);
export const partiesOnly = (action = 'sign') => forbidden(`Only the poster and the worker ${action} a contract; other employer members may only read it`);
export const notAMemberAnymore = () => forbidden('You are no longer a member of the employer of this contract');
export const ownChangeOrder = () => forbidden('The author of a change order cannot accept or reject it');
export const authorOnly = () => forbidden('Only the author of a change order may withdraw it');
export const selfContract = () => conflict('The poster and the worker of a contract must be different people');
