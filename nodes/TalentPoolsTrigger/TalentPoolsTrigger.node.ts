import { type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData, NodeConnectionTypes } from 'n8n-workflow';
import { TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS, TALENTPOOLS_STRICT_EVENT_TOLERANCE_SECONDS } from '../../core';
import { talentPools } from '../../core/platforms';
import { credentialSecretsReader, roundTripCredentialTest } from '../shared/credentials';
import { defaultWebhook, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { ENVELOPE_ITEM_VERSION, TRIGGER_NODE_VERSIONS } from '../shared/output';
import { handleWebhook } from '../shared/webhook';

const talentPoolsTriggerSecrets = credentialSecretsReader(talentPools, 'talentPoolsApi');

export class TalentPoolsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TalentPools Trigger',
		name: 'talentPoolsTrigger',
		icon: { light: 'file:talentPools.svg', dark: 'file:talentPools.dark.svg' },
		group: ['trigger'],
		// Versions 1 and 2 emit the flat item, 3 the envelope (nodes/shared/output.ts).
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: ENVELOPE_ITEM_VERSION,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on TalentPools marketplace events, Svix-verified and decrypted',
		defaults: { name: 'TalentPools Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'talentPoolsApi', required: true, testedBy: 'talentPoolsSecretsTest' }],
		webhooks: [defaultWebhook],
		properties: triggerProperties(talentPools, {
			options: [
				{
					displayName: 'Event Timestamp Tolerance (Seconds)',
					name: 'eventToleranceSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS,
					description: `How old the timestamp inside the encrypted event may be. The default (${Math.round(TALENTPOOLS_DEFAULT_EVENT_TOLERANCE_SECONDS / 3600)} hours) spans every Svix retry, which keeps the original timestamp, so an event retried after an outage still runs; ${TALENTPOOLS_STRICT_EVENT_TOLERANCE_SECONDS} is TalentPools' own strict example, which loses retries later than that; 0 turns this check off. Replays stay refused either way: the signed Svix timestamp window and the message ID memory stop them.`,
				},
			],
		}),
	};

	methods = {
		credentialTest: {
			talentPoolsSecretsTest: roundTripCredentialTest(talentPools),
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return localWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return rememberLocalWebhook(this, talentPools);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return forgetLocalWebhook(this, talentPools);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this, {
			platform: talentPools,
			secrets: talentPoolsTriggerSecrets,
		});
	}
}
