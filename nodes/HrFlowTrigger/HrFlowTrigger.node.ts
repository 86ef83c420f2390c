import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';
import { hrFlow } from '../../core/platforms';
import { secretsFromCredential } from '../shared/credentials';
import { defaultWebhook, triggerProperties } from '../shared/description';
import { forgetLocalWebhook, localWebhookExists, rememberLocalWebhook } from '../shared/lifecycle';
import { handleWebhook } from '../shared/webhook';
import { resolveHrFlowEntity } from './HrFlowEntity';

export class HrFlowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HrFlow Trigger',
		name: 'hrFlowTrigger',
		icon: { light: 'file:hrFlow.svg', dark: 'file:hrFlow.dark.svg' },
		group: ['trigger'],
		version: 1,
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
			secrets: async (context) => secretsFromCredential(hrFlow, await context.getCredentials('hrFlowApi')),
			resolve: resolveHrFlowEntity,
		});
	}
}
