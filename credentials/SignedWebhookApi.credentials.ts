import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { signedWebhook } from '../core/platforms';
import { secretFieldProperties } from '../nodes/shared/credentials';

/**
 * Secret and signature format of a generic HMAC-signed sender. Laravel webhook-server style:
 * X-Signature, sha256, hex, no prefix (the defaults). GitHub: X-Hub-Signature-256, sha256, hex, "sha256=".
 */
export class SignedWebhookApi implements ICredentialType {
	name = 'signedWebhookApi';

	displayName = 'Signed Webhook API';

	icon: Icon = { light: 'file:../nodes/SignedWebhookTrigger/signedWebhook.svg', dark: 'file:../nodes/SignedWebhookTrigger/signedWebhook.dark.svg' };

	documentationUrl = 'https://github.com/spatie/laravel-webhook-server';

	properties: INodeProperties[] = secretFieldProperties(signedWebhook);
}
