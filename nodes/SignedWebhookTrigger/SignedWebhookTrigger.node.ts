import { type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData, NodeConnectionTypes } from 'n8n-workflow';
import { signedWebhook } from '../../core/platforms';
import { credentialSecretsReader, roundTripCredentialTest } from '../shared/credentials';
import { defaultWebhook, parameterWebhookField, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { ENVELOPE_ITEM_VERSION, TRIGGER_NODE_VERSIONS } from '../shared/output';
import { handleWebhook } from '../shared/webhook';

const signedWebhookTriggerSecrets = credentialSecretsReader(signedWebhook, 'signedWebhookApi');

export class SignedWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signed Webhook Trigger',
		name: 'signedWebhookTrigger',
		icon: { light: 'file:signedWebhook.svg', dark: 'file:signedWebhook.dark.svg' },
		group: ['trigger'],
		// Versions 1 and 2 emit the flat item, 3 the envelope (nodes/shared/output.ts).
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: ENVELOPE_ITEM_VERSION,
		subtitle: '={{$parameter["httpMethod"] + " " + $parameter["events"]}}',
		description: 'Starts the workflow on HMAC-signed webhooks: Laravel/Spatie, GitHub, Stripe, Slack, Shopify, Standard Webhooks, or your own format',
		defaults: { name: 'Signed Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signedWebhookApi', required: true, testedBy: 'signedWebhookSecretTest', displayOptions: { show: { verifySignatures: [true] } } }],
		webhooks: [{ ...defaultWebhook, ...parameterWebhookField('httpMethod', 'httpMethod', 'POST') }],
		properties: triggerProperties(signedWebhook, {
			toleranceDescription:
				"How long a delivery is remembered so that a redelivery starts no second run (at least the sender's retry span). For senders that sign a timestamp (Stripe, Slack, Standard Webhooks, Custom with a Timestamp Header) also how old a signature may be before the delivery is refused.",
			freeFormEvents:
				'Comma-separated event names that start the workflow, as the payload\'s event, type or action field gives them ("webhook" when it has none); * for every delivery',
			leading: [
				{
					displayName: 'HTTP Method',
					name: 'httpMethod',
					type: 'options',
					options: [
						{ name: 'PATCH', value: 'PATCH' },
						{ name: 'POST', value: 'POST' },
						{ name: 'PUT', value: 'PUT' },
					],
					default: 'POST',
					description: "The Method chosen on the sending side's webhook form",
				},
			],
		}),
	};

	methods = {
		credentialTest: {
			signedWebhookSecretTest: roundTripCredentialTest(signedWebhook),
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return localWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return rememberLocalWebhook(this, signedWebhook);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return forgetLocalWebhook(this, signedWebhook);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this, {
			platform: signedWebhook,
			secrets: signedWebhookTriggerSecrets,
		});
	}
}
