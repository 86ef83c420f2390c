/**
 * Everything a HireHooks trigger shows in the editor, derived from the platform's catalogue in core/:
 * the event picker, the "where to paste this URL" notice, verification and the options. Node files
 * keep only their n8n identity (names, icons, credentials) and what is truly theirs. What a run reads
 * back from these parameters is options.ts.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions, IWebhookDescription } from 'n8n-workflow';
import { type AnyPlatformDefinition, redeliverySpanSeconds } from '../../core';

/** Any platform of the catalogue; its secrets come from n8n credentials, and its verify checks them. */
export type AnyPlatform = AnyPlatformDefinition;

/** The event picker's value for "every event, including ones the catalogue does not know yet". */
export const ALL_EVENTS = '*';

/** Seconds a delivery id is remembered when the platform signs no timestamp (and the default window). */
export const DEFAULT_WINDOW_SECONDS = 300;

/**
 * A delivery that starts a run is answered by n8n (nodes/shared/webhook.ts): onReceived, no body,
 * status 200 unless `responseCode` says otherwise; n8n 2.x sends it once the run is registered.
 */
export const defaultWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	responseData: 'noData',
	path: 'webhook',
};

/** `defaultWebhook` answering runs with the platform's success status (SmartRecruiters counts only 202). */
export function platformWebhook(platform: AnyPlatform): IWebhookDescription {
	if (platform.successStatus === 200) return defaultWebhook;
	// n8n hands the value to Express's res.status, which wants a number; the description type lists strings only.
	return { ...defaultWebhook, responseCode: platform.successStatus as unknown as string };
}

/**
 * n8n 2.41+ resolves a webhook-description field without its expression engine when the description
 * carries a native resolver for it under this global symbol (n8n-workflow's `WEBHOOK_RESOLVERS`) and
 * the node's parameters hold no expression. Otherwise every request pays an expression evaluation
 * (under the default `vm` engine, an isolate round trip). Taken by its global name, not imported, so
 * older n8n versions, which lack the export, load the node and evaluate the template as before.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/**
 * A webhook-description field read from a node parameter: the expression template the editor and
 * older n8n evaluate, and the same read done natively, with the template's `||` fallback.
 */
export function parameterWebhookField<Field extends keyof IWebhookDescription>(field: Field, parameter: string, fallback: string): Partial<IWebhookDescription> {
	const template = `={{$parameter["${parameter}"] || ${JSON.stringify(fallback)}}}`;
	const resolve = (parameters: IDataObject): unknown => parameters[parameter] || fallback;
	return { [field]: template, [WEBHOOK_RESOLVERS]: { [field]: { template, resolve } } } as Partial<IWebhookDescription>;
}

/** The catalogue as multi-select options: "all events" first, then every known event by label. */
export function eventOptions(platform: AnyPlatform): INodePropertyOptions[] {
	const known = platform.events
		.map((event) => ({ name: event.label, value: event.name, description: `${event.description} (${event.name})` }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [{ name: '*', value: ALL_EVENTS, description: 'Any event, including event types added by the platform later' }, ...known];
}

/** The paste-here notice: the platform's own steps, numbered, or what activation does for API platforms. */
export function subscriptionNotice(platform: AnyPlatform): string {
	// n8n's notice keeps only <a>, <ul> and <li> (its sanitize-html allow-list): line breaks come from the list.
	const steps = `<ul>${platform.subscription.steps.map((step, index) => `<li>${index + 1}. ${step}</li>`).join('')}</ul>`;
	const lead =
		platform.subscription.kind === 'api'
			? `${platform.displayName} is subscribed automatically when the workflow is activated (and for a test run when you listen for a test event).`
			: `${platform.displayName} has no subscription API: copy the webhook URL shown above (Production URL for the active workflow) and paste it in ${platform.displayName}.`;
	return `${lead}${steps}`;
}

export interface TriggerPropertyExtras {
	/** Properties that come before everything else (an authentication selector, an HTTP method). */
	leading?: INodeProperties[];
	/** Offer "Resolve Full Entity", with the sentence that says what it fetches. */
	resolveEntity?: string;
	/** Platform-specific options added to the Options collection. */
	options?: INodeProperties[];
	/**
	 * Event names are the sender's own (the generic sender's catalogue has one catch-all event), so
	 * the picker is a free list of names instead of the catalogue.
	 */
	freeFormEvents?: string;
	/** What the window option means when it depends on the credential (the generic sender's presets). */
	toleranceDescription?: string;
}

export function triggerProperties(platform: AnyPlatform, extras: TriggerPropertyExtras = {}): INodeProperties[] {
	const properties: INodeProperties[] = [...(extras.leading ?? [])];
	properties.push({
		displayName: subscriptionNotice(platform),
		name: 'subscriptionNotice',
		type: 'notice',
		default: '',
	});
	properties.push(
		extras.freeFormEvents === undefined
			? {
					displayName: 'Events',
					name: 'events',
					type: 'multiOptions',
					required: true,
					default: [ALL_EVENTS],
					description: `The ${platform.displayName} events that start the workflow; others are acknowledged and dropped`,
					options: eventOptions(platform),
				}
			: {
					displayName: 'Events',
					name: 'events',
					type: 'string',
					default: ALL_EVENTS,
					placeholder: 'e.g. candidate.hired, job.published',
					description: extras.freeFormEvents,
				},
	);
	if (platform.secretOptional) {
		properties.push(
			{
				displayName: 'Verify Signatures',
				name: 'verifySignatures',
				type: 'boolean',
				default: true,
				description: `Whether to reject deliveries whose signature does not match the credential's secret. ${platform.displayName} makes the secret optional; turn this off only for a webhook that has none.`,
			},
			{
				displayName: `Verification is off: anyone who knows this URL can start the workflow with any payload. Set a secret on the ${platform.displayName} webhook and in the credential, then turn Verify Signatures back on.`,
				name: 'verificationOffNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { verifySignatures: [false] } },
			},
		);
	}
	const toleranceDefault = platform.defaultToleranceSeconds ?? DEFAULT_WINDOW_SECONDS;
	const retrySpan = redeliverySpanSeconds(platform);
	const bodyCapDefault = platform.maxBodyBytes;
	const options: INodeProperties[] = [
		{
			displayName: 'Include Headers',
			name: 'includeHeaders',
			type: 'boolean',
			default: false,
			description: 'Whether to add the request headers (lower-cased, without authorization and cookies) to each item as "headers"',
		},
		{
			displayName: 'Other Event Names',
			name: 'otherEvents',
			type: 'string',
			default: '',
			placeholder: 'e.g. candidate.archived, review.created',
			description: 'Comma-separated event names that are not in the list yet and should also start the workflow',
		},
		{
			displayName: platform.defaultToleranceSeconds === undefined ? 'Redelivery Window (Seconds)' : 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: toleranceDefault,
			description:
				extras.toleranceDescription ??
				(platform.defaultToleranceSeconds === undefined
					? `${platform.displayName} signs no timestamp: this is how long a delivery is remembered so that a redelivery starts no second run${retrySpan > 0 ? ` (at least ${retrySpan} s, the span of its retries)` : ''}`
					: `How old a signed timestamp may be before the delivery is rejected. A redelivery of an event starts no second run for as long as ${platform.displayName} retries (${Math.ceil(retrySpan / 3600)} hours) or this window, whichever is longer.`),
		},
		{
			displayName: 'Maximum Body Size (Bytes)',
			name: 'maxBodyBytes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: bodyCapDefault,
			description: `Larger deliveries are refused (413 body_too_large) before any signature work. The default is what ${platform.displayName} plausibly sends, with headroom.`,
		},
		...(extras.options ?? []),
	];
	if (extras.resolveEntity !== undefined) {
		options.push({
			displayName: 'Resolve Full Entity',
			name: 'resolveEntity',
			type: 'boolean',
			default: false,
			description: `Whether to fetch the full entity with the credential and add it to each item as "resolved". ${extras.resolveEntity.replace(/\.$/, '')}.`,
		});
	}
	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	return properties;
}
