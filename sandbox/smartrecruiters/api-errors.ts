/**
 * Errors in SmartRecruiters' shape: the ErrorResponse model of its public API clients
 * (open_api_smart_recruiters_sdk: `{ message, errors: [{ code, message }] }`) and the status codes
 * of developers.smartrecruiters.com/docs/error-handling.
 */
import { HttpError } from '../http/server-kit';

export function smartRecruitersError(status: number, code: string, message: string): HttpError {
	return new HttpError(status, { message, errors: [{ code, message }] });
}

export const unauthorized = (message: string): HttpError => smartRecruitersError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string): HttpError => smartRecruitersError(403, 'FORBIDDEN', message);
export const notFound = (message: string): HttpError => smartRecruitersError(404, 'NOT_FOUND', message);
export const badRequest = (message: string): HttpError => smartRecruitersError(400, 'BAD_REQUEST', message);
export const unprocessable = (message: string): HttpError => smartRecruitersError(422, 'UNPROCESSABLE_ENTITY', message);
