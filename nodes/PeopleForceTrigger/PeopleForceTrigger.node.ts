import { type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData, NodeConnectionTypes } from 'n8n-workflow';
import { peopleForce } from '../../core/platforms';
import { credentialSecretsReader, roundTripCredentialTest } from '../shared/credentials';
import { defaultWebhook, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { ENVELOPE_ITEM_VERSION, TRIGGER_NODE_VERSIONS } from '../shared/output';
import { handleWebhook } from '../shared/webhook';

const peopleForceTriggerSecrets = credentialSecretsReader(peopleForce, 'peopleForceApi');

export class PeopleForceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PeopleForce Trigger',
		name: 'peopleForceTrigger',
		icon: { light: 'file:peopleForce.svg', dark: 'file:peopleForce.dark.svg' },
		group: ['trigger'],
		// Versions 1 and 2 emit the flat item, 3 the envelope (nodes/shared/output.ts).
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: ENVELOPE_ITEM_VERSION,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on PeopleForce HR events, verified with the webhook secret',
		defaults: { name: 'PeopleForce Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'peopleForceApi', required: true, testedBy: 'peopleForceSecretTest', displayOptions: { show: { verifySignatures: [true] } } }],
		webhooks: [defaultWebhook],
		properties: triggerProperties(peopleForce),
	};

	methods = {
		credentialTest: {
			peopleForceSecretTest: roundTripCredentialTest(peopleForce),
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return localWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return rememberLocalWebhook(this, peopleForce);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return forgetLocalWebhook(this, peopleForce);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this, {
			platform: peopleForce,
			secrets: peopleForceTriggerSecrets,
		});
	}
}
