/**
 * `webhookMethods` for platforms without a subscription API (TalentPools, HrFlow, PeopleForce, the
 * generic sender): the user pastes the URL into the platform, so there is nothing remote to create
 * or delete. The node only remembers which URL it is live on, which resets the redelivery memory
 * when the URL changes (test URL vs production URL) and gives n8n a truthful checkExists.
 */
import type { IHookFunctions } from 'n8n-workflow';
import type { AnyPlatform } from './description';
import { deliveryLedger } from './delivery-ledger';

export function localWebhookExists(context: IHookFunctions): boolean {
	const staticData = context.getWorkflowStaticData('node');
	return staticData.webhookUrl !== undefined && staticData.webhookUrl === context.getNodeWebhookUrl('default');
}

export function rememberLocalWebhook(context: IHookFunctions, platform: AnyPlatform): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (staticData.webhookUrl !== webhookUrl) deliveryLedger(context).forget();
	staticData.webhookUrl = webhookUrl;
	context.logger.info(
		`${platform.displayName} Trigger "${context.getNode().name}" is listening; ${platform.displayName} must have this URL pasted in (see the node's notice): ${webhookUrl}`,
	);
	return true;
}

export function forgetLocalWebhook(context: IHookFunctions, platform: AnyPlatform): boolean {
	const staticData = context.getWorkflowStaticData('node');
	delete staticData.webhookUrl;
	deliveryLedger(context).forget();
	context.logger.debug(`${platform.displayName} Trigger "${context.getNode().name}" stopped listening; remove the URL from ${platform.displayName} if it should stop sending`);
	return true;
}
