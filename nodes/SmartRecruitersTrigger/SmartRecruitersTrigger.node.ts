import { type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData, NodeConnectionTypes } from 'n8n-workflow';
import { smartRecruiters } from '../../core/platforms';
import { platformWebhook, triggerProperties } from '../shared/description';
import { ENVELOPE_ITEM_VERSION, TRIGGER_NODE_VERSIONS } from '../shared/output';
import { handleWebhook } from '../shared/webhook';
import { createSubscription, deleteSubscription, resolveLinkedEntity, subscriptionExists, subscriptionSecrets } from './SmartRecruitersSubscription';

export class SmartRecruitersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SmartRecruiters Trigger',
		name: 'smartRecruitersTrigger',
		icon: { light: 'file:smartRecruiters.svg', dark: 'file:smartRecruiters.dark.svg' },
		group: ['trigger'],
		// Versions 1 and 2 emit the flat item, 3 the envelope (nodes/shared/output.ts).
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: ENVELOPE_ITEM_VERSION,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on SmartRecruiters events, subscribed through its Webhooks API and signature-verified',
		defaults: { name: 'SmartRecruiters Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'smartRecruitersApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
			{ name: 'smartRecruitersOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		webhooks: [platformWebhook(smartRecruiters)],
		properties: triggerProperties(smartRecruiters, {
			leading: [
				{
					displayName: 'Authentication',
					name: 'authentication',
					type: 'options',
					options: [
						{ name: 'API Key', value: 'apiKey' },
						{ name: 'OAuth2', value: 'oAuth2' },
					],
					default: 'apiKey',
				},
			],
			resolveEntity: "Fetches the notification's link (the job, candidate, application, ...) from the SmartRecruiters API; needs jobs_read and candidates_read.",
		}),
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscription(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscription(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// The signing key lives in the node's static data, which n8n has already loaded: nothing to keep.
		return await handleWebhook(this, {
			platform: smartRecruiters,
			secrets: async (context) => ({ secrets: await subscriptionSecrets(context), kept: false }),
			resolve: resolveLinkedEntity,
		});
	}
}
