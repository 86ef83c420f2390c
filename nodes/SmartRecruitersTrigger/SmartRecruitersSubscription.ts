/**
 * The SmartRecruiters REST-hook lifecycle in n8n terms, on top of core's Webhooks API client.
 *
 * State: `getWorkflowStaticData('node')` holds { subscriptionId, secretKey, webhookUrl }. A stored
 * subscription belongs to the URL it was created for: the test URL and the production URL never
 * share one, and a lifecycle method never touches a subscription made for the other URL.
 *
 * Order inside `create` (n8n >= 1.x registers the webhook path before calling checkExists/create,
 * see the README's SmartRecruiters Trigger section): POST /subscriptions → PUT /activation (SmartRecruiters POSTs X-Hook-Secret
 * to the URL, which `webhook()` answers while we wait) → POST /secret-key → store. If any step fails
 * after the subscription exists, it is deleted again.
 *
 * Faults: every call has a timeout, and transient failures (no answer, 5xx, 408, 429) are retried a
 * few times with backoff. A POST /subscriptions that got no answer may still have created one (or
 * create it late), so `create` and `delete` also remove every subscription of the account whose
 * callback URL is this node's URL and that it does not keep. n8n 2.41 gives up on a `delete` that
 * keeps failing (three tries, then "External webhook deregistration failed" in its log) and forgets
 * the webhook; the subscription id stays in static data, and the next activation removes it.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { VerifiedEvent } from '../../core';
import { smartRecruiters } from '../../core/platforms';
import {
	SMARTRECRUITERS_DEFAULT_BASE_URL,
	SMARTRECRUITERS_RETRY_DELAYS_MS,
	type SmartRecruitersApiResponse,
	type SmartRecruitersRequester,
	type SmartRecruitersRetryPolicy,
	type SmartRecruitersWebhooksClient,
	createSmartRecruitersWebhooksClient,
	isSmartRecruitersApiError,
	withSmartRecruitersRetries,
} from '../../core/platforms/smartrecruiters/api';
import type { AnyPlatform } from '../shared/description';
import { readTriggerOptions, selectedEvents, subscribedEventNames } from '../shared/options';

type Context = IHookFunctions | IWebhookFunctions;

export interface StoredSubscription {
	subscriptionId?: string;
	secretKey?: string;
	webhookUrl?: string;
}

export function credentialTypeOf(context: Context): 'smartRecruitersApi' | 'smartRecruitersOAuth2Api' {
	return context.getNodeParameter('authentication', 'apiKey') === 'oAuth2' ? 'smartRecruitersOAuth2Api' : 'smartRecruitersApi';
}

/** Adapts n8n's authenticated HTTP helper to core's requester contract (any status is an answer). */
export function n8nRequester(context: Context, credentialType: string): SmartRecruitersRequester {
	return async (request) => {
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
				method: request.method,
				url: request.url,
				qs: request.qs,
				headers: request.headers,
				body: request.body as IDataObject | undefined,
				json: true,
				returnFullResponse: true,
				timeout: request.timeoutMs,
			})) as { statusCode: number; body: unknown; headers?: IDataObject };
			return { statusCode: response.statusCode, body: response.body, headers: response.headers as SmartRecruitersApiResponse['headers'] };
		} catch (error) {
			// n8n throws for non-2xx (so that OAuth2 can refresh on 401 first); turn that back into an answer.
			const status = statusOf(error);
			if (status === undefined) throw new NodeApiError(context.getNode(), error as JsonObject);
			return { statusCode: status, body: bodyOf(error) };
		}
	};
}

export async function webhooksClient(context: Context): Promise<SmartRecruitersWebhooksClient> {
	const credentialType = credentialTypeOf(context);
	const credential = await context.getCredentials(credentialType);
	const baseUrl = typeof credential.baseUrl === 'string' && credential.baseUrl !== '' ? credential.baseUrl : SMARTRECRUITERS_DEFAULT_BASE_URL;
	return createSmartRecruitersWebhooksClient({ request: n8nRequester(context, credentialType), baseUrl, retry: retryPolicy(context) });
}

/** Retries transient failures with n8n's sleep; each retry is logged (status only, never a header). */
export function retryPolicy(context: Context): SmartRecruitersRetryPolicy {
	return {
		delaysMs: SMARTRECRUITERS_RETRY_DELAYS_MS,
		sleep,
		onRetry: ({ operation, attempt, delayMs, error }) =>
			context.logger.warn(`SmartRecruiters ${operation} failed (${error.status === undefined ? 'no answer' : `HTTP ${error.status}`}); retry ${attempt} in ${delayMs} ms`),
	};
}

export async function subscriptionExists(context: IHookFunctions): Promise<boolean> {
	const stored = context.getWorkflowStaticData('node') as StoredSubscription;
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (stored.subscriptionId === undefined || stored.webhookUrl !== webhookUrl) return false;
	const client = await webhooksClient(context);
	const subscription = await guarded(context, () => client.getSubscription(stored.subscriptionId as string));
	if (subscription === undefined) {
		context.logger.info(`SmartRecruiters subscription ${stored.subscriptionId} no longer exists; a new one will be created`);
		delete stored.subscriptionId;
		delete stored.secretKey;
		return false;
	}
	// An inactive one is a half-finished create: `create` replaces it.
	return subscription.status !== 'inactive' && stored.secretKey !== undefined;
}

export async function createSubscription(context: IHookFunctions, platform: AnyPlatform = smartRecruiters): Promise<boolean> {
	const stored = context.getWorkflowStaticData('node') as StoredSubscription;
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl === undefined) throw new NodeApiError(context.getNode(), {} as JsonObject, { message: 'n8n has no webhook URL for this node.' });
	const options = readTriggerOptions(context.getNodeParameter('options', {}) as IDataObject, platform);
	const events = subscribedEventNames(platform, selectedEvents(context.getNodeParameter('events', [])), options.otherEvents);
	if (events.length === 0) {
		throw new NodeApiError(context.getNode(), {} as JsonObject, { message: 'Pick at least one SmartRecruiters event to subscribe to.' });
	}
	const client = await webhooksClient(context);

	// Leftovers of this same URL (a failed or interrupted activation, a deactivation whose DELETE
	// failed, a POST answered after its timeout) go before anything new: one URL, one subscription.
	if (stored.subscriptionId !== undefined && stored.webhookUrl === webhookUrl) {
		await guarded(context, () => client.deleteSubscription(stored.subscriptionId as string));
		delete stored.subscriptionId;
		delete stored.secretKey;
	}
	await guarded(context, () => removeSubscriptionsFor(context, client, webhookUrl));

	const subscription = await guarded(context, () =>
		withSmartRecruitersRetries(
			'createSubscription',
			() => client.createSubscription({ callbackUrl: webhookUrl, events }),
			retryPolicy(context),
			async () => {
				// The failed POST may have created one all the same.
				await removeSubscriptionsFor(context, client, webhookUrl);
			},
		),
	);
	try {
		await client.activateSubscription(subscription.id);
		const secretKey = await client.generateSecretKey(subscription.id);
		Object.assign(stored, { subscriptionId: subscription.id, secretKey, webhookUrl } satisfies StoredSubscription);
	} catch (error) {
		try {
			await client.deleteSubscription(subscription.id);
			await removeSubscriptionsFor(context, client, webhookUrl);
		} catch (cleanupError) {
			// Kept (without a key) so that n8n's clean-up `delete`, or the next activation, removes it.
			Object.assign(stored, { subscriptionId: subscription.id, webhookUrl } satisfies StoredSubscription);
			context.logger.error(`SmartRecruiters subscription ${subscription.id} could not be removed after a failed activation; the next activation or deactivation retries`, {
				reason: cleanupError instanceof Error ? cleanupError.message : 'unknown',
			});
		}
		throw toNodeApiError(context, error);
	}
	try {
		// A POST that timed out may be carried out late, after its retry created this one.
		await removeSubscriptionsFor(context, client, webhookUrl, subscription.id);
	} catch (error) {
		context.logger.warn(`SmartRecruiters subscriptions for this URL could not be listed after activation; the next deactivation removes any leftover`, {
			reason: error instanceof Error ? error.message : 'unknown',
		});
	}
	context.logger.info(`SmartRecruiters subscription ${subscription.id} is active for ${events.length} event(s)`);
	return true;
}

export async function deleteSubscription(context: IHookFunctions): Promise<boolean> {
	const stored = context.getWorkflowStaticData('node') as StoredSubscription;
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (stored.subscriptionId === undefined || stored.webhookUrl !== webhookUrl) return true;
	const client = await webhooksClient(context);
	const existed = await guarded(context, () => client.deleteSubscription(stored.subscriptionId as string));
	// The id stays stored until the sweep is done too: a retried `delete` then finds work to do.
	await guarded(context, () => removeSubscriptionsFor(context, client, webhookUrl as string));
	context.logger.info(`SmartRecruiters subscription ${stored.subscriptionId} ${existed ? 'deleted' : 'was already gone'}`);
	delete stored.subscriptionId;
	delete stored.secretKey;
	delete stored.webhookUrl;
	return true;
}

/**
 * Deletes every subscription of the account whose callback URL is `callbackUrl`, except `keep`.
 * The URL holds the node's webhook id, so such a subscription can only be this node's.
 */
export async function removeSubscriptionsFor(context: Context, client: SmartRecruitersWebhooksClient, callbackUrl: string, keep?: string): Promise<string[]> {
	const leftovers = (await client.listSubscriptions()).filter((subscription) => subscription.callbackUrl === callbackUrl && subscription.id !== keep);
	for (const leftover of leftovers) {
		await client.deleteSubscription(leftover.id);
		context.logger.warn(`SmartRecruiters subscription ${leftover.id} (${leftover.status ?? 'unknown status'}) for this webhook URL was left over; deleted it`);
	}
	return leftovers.map((leftover) => leftover.id);
}

/** The secret the core verifies with: the key generated when subscribing, kept in static data. */
export async function subscriptionSecrets(context: IWebhookFunctions): Promise<{ secret?: string }> {
	const stored = context.getWorkflowStaticData('node') as StoredSubscription;
	return { secret: stored.secretKey };
}

/** "Resolve Full Entity": GET the notification's link with the node's credential. */
export async function resolveLinkedEntity(context: IWebhookFunctions, event: VerifiedEvent): Promise<unknown> {
	const link = event.meta.link;
	if (typeof link !== 'string' || link === '') throw new Error('The notification has no link header to resolve.');
	const client = await webhooksClient(context);
	return await client.resolveLink(link);
}

async function guarded<T>(context: Context, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw toNodeApiError(context, error);
	}
}

function toNodeApiError(context: Context, error: unknown): NodeApiError {
	if (error instanceof NodeApiError) return error;
	if (isSmartRecruitersApiError(error)) {
		return new NodeApiError(context.getNode(), { message: error.message } as JsonObject, {
			message: error.message,
			description: error.apiMessage,
			httpCode: error.status === undefined ? undefined : String(error.status),
		});
	}
	return new NodeApiError(context.getNode(), { message: error instanceof Error ? error.message : 'SmartRecruiters request failed' } as JsonObject);
}

function statusOf(error: unknown): number | undefined {
	const e = error as { httpCode?: unknown; statusCode?: unknown; response?: { status?: unknown }; cause?: { response?: { status?: unknown }; status?: unknown } };
	for (const candidate of [e?.httpCode, e?.response?.status, e?.cause?.response?.status, e?.statusCode, e?.cause?.status]) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 100 && status < 600) return status;
	}
	return undefined;
}

function bodyOf(error: unknown): unknown {
	const e = error as { response?: { data?: unknown; body?: unknown }; cause?: { response?: { data?: unknown } }; description?: unknown };
	return e?.cause?.response?.data ?? e?.response?.data ?? e?.response?.body ?? (typeof e?.description === 'string' ? { message: e.description } : undefined);
}
