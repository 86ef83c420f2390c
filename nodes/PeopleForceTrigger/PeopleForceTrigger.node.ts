import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';
import { peopleForce } from '../../core/platforms';
import { credentialSecretsReader, roundTripCredentialTest } from '../shared/credentials';
import { defaultWebhook, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { handleWebhook } from '../shared/webhook';

const peopleForceTriggerSecrets = credentialSecretsReader(peopleForce, 'peopleForceApi');

export class PeopleForceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PeopleForce Trigger',
		name: 'peopleForceTrigger',
		icon: { light: 'file:peopleForce.svg', dark: 'file:peopleForce.dark.svg' },
		group: ['trigger'],
		// Both versions behave alike; n8n evaluates a Webhook-v1 option (binaryData) on every request to a
		// version-1 webhook node of any type, an expression-isolate round trip that version 2 skips.
		version: [1, 2],
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on PeopleForce HR events, verified with the webhook secret',
		defaults: { name: 'PeopleForce Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'peopleForceApi', required: true, testedBy: 'peopleForceSecretTest', displayOptions: { show: { verifySignatures: [true] } } },
		],
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
