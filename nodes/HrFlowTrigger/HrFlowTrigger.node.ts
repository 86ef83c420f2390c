import { type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData, NodeConnectionTypes } from 'n8n-workflow';
import { hrFlow } from '../../core/platforms';
import { credentialSecretsReader } from '../shared/credentials';
import { defaultWebhook, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { ENVELOPE_ITEM_VERSION, TRIGGER_NODE_VERSIONS } from '../shared/output';
import { handleWebhook } from '../shared/webhook';
import { resolveHrFlowEntity } from './HrFlowEntity';

const hrFlowTriggerSecrets = credentialSecretsReader(hrFlow, 'hrFlowApi');

export class HrFlowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HrFlow Trigger',
		name: 'hrFlowTrigger',
		icon: { light: 'file:hrFlow.svg', dark: 'file:hrFlow.dark.svg' },
		group: ['trigger'],
		// Versions 1 and 2 emit the flat item, 3 the envelope (nodes/shared/output.ts).
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: ENVELOPE_ITEM_VERSION,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on HrFlow.ai profile and job events, verified with the webhook secret key',
		defaults: { name: 'HrFlow Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hrFlowApi', required: true }],
		webhooks: [defaultWebhook],
		properties: triggerProperties(hrFlow, {
			resolveEntity: 'Fetches the profile (Profile API) or job (Job API) the event refers to; needs the API key and user email in the credential.',
		}),
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return localWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return rememberLocalWebhook(this, hrFlow);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return forgetLocalWebhook(this, hrFlow);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this, {
			platform: hrFlow,
			secrets: hrFlowTriggerSecrets,
			resolve: resolveHrFlowEntity,
		});
	}
}
