import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { signedWebhook } from '../core/platforms';
import { secretFieldProperties } from '../nodes/shared/credentials';

/**
 * Secret and signature format of a generic HMAC-signed sender: a named sender (Laravel/Spatie by
 * default, GitHub, Stripe, Slack, Shopify, Standard Webhooks) or Custom settings; core/platforms/signed-webhook/presets.ts.
 */
export class SignedWebhookApi implements ICredentialType {
	name = 'signedWebhookApi';

	displayName = 'Signed Webhook API';

	icon: Icon = { light: 'file:../nodes/SignedWebhookTrigger/signedWebhook.svg', dark: 'file:../nodes/SignedWebhookTrigger/signedWebhook.dark.svg' };

	documentationUrl = 'https://github.com/hirehooks/n8n-nodes-hirehooks/blob/main/docs/signed-webhook-presets.md';

	properties: INodeProperties[] = secretFieldProperties(signedWebhook);
}
