/**
 * Whatever JSON a workspace sends through a Laravel-webhook-server-style sender: the payload is the
 * workspace's own, so only the fields we read to name the event are typed.
 */
export interface SignedWebhookPayload {
	/** Event name, when the workspace puts it here (checked first). */
	event?: string;
	/** Event name, when the workspace calls it `type` (checked second). */
	type?: string;
	/** Event name, when the workspace calls it `action` (checked last). */
	action?: string;
	[field: string]: unknown;
}

/** The `data` of this platform's events by catalogue entity (events.ts `entities`). */
export interface SignedWebhookEntityData {
	payload: SignedWebhookPayload;
}
