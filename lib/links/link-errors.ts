import { ApiError } from '../http/api-error';
import type { LinkState } from './link-state';

export function linkNotFound(): ApiError {
  return new ApiError('not_found:link', 'There is no such link.');
}

export function linkGone(state: Exclude<LinkState, 'active'>): ApiError {
  return state === 'expired'
    ? new ApiError('gone:link_expired', 'This link has expired. Ask the person who shared it for a new one.')
    : new ApiError('gone:link_revoked', 'This link has been turned off by the person who shared it.');
}

export function linkLocked(): ApiError {
  return new ApiError('unauthorized:link_locked', 'This link needs its password.');
}

export function linkFileNotFound(): ApiError {
  return new ApiError('not_found:link_file', 'That file is not part of this link.');
}
