/**
 * "Resolve Full Entity" for HrFlow.ai: webhook events only reference the profile (key + source key)
 * or job (key + board key); the Profile and Job APIs return the full object. The hrFlowApi
 * credential adds X-API-KEY and X-USER-EMAIL (see its `authenticate`).
 */
import type { IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { VerifiedEvent } from '../../core';
import { HRFLOW_DEFAULT_BASE_URL, HRFLOW_NO_ENTITY_MESSAGE, hrFlowEntityRequest } from '../../core/platforms/hrflow/api';

export async function resolveHrFlowEntity(context: IWebhookFunctions, event: VerifiedEvent): Promise<unknown> {
	const request = hrFlowEntityRequest(event.data);
	if (request === undefined) throw new Error(HRFLOW_NO_ENTITY_MESSAGE);
	const credential = await context.getCredentials('hrFlowApi');
	if (typeof credential.apiKey !== 'string' || credential.apiKey === '') {
		throw new Error('Add an API key and user email to the HrFlow.ai credential to resolve profiles and jobs.');
	}
	const baseUrl = (typeof credential.baseUrl === 'string' && credential.baseUrl !== '' ? credential.baseUrl : HRFLOW_DEFAULT_BASE_URL).replace(/\/+$/, '');
	let response: { data?: unknown };
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(context, 'hrFlowApi', {
			method: 'GET',
			url: `${baseUrl}${request.path}`,
			qs: request.query,
			json: true,
		})) as { data?: unknown };
	} catch (error) {
		// A NodeApiError passed in is returned as is: build a new one to name the endpoint and status.
		const status = (error as { httpCode?: unknown }).httpCode;
		const hint = status === '401' || status === '403' ? ' Check the API key and user email in the credential.' : '';
		const message = `HrFlow.ai ${request.path} answered ${status ? `HTTP ${String(status)}` : 'with an error'}.${hint}`;
		throw new NodeApiError(context.getNode(), { message, httpCode: status ?? null } as JsonObject, { message });
	}
	return response?.data ?? response;
}
