import { DomainError } from '../../errors';

/** Same message for an unknown email and a wrong password: sign-in does not reveal who has an account. */
export const invalidCredentials = () => new DomainError('UNAUTHENTICATED', 'Email or password is incorrect');
export const emailTaken = () => new DomainError('BAD_USER_INPUT', 'An account with this email already exists', { email: 'is already registered' });
