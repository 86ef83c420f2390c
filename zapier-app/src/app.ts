/**
 * One Zapier integration per platform, generated from the core catalogue: buildZapierApp(platform)
 * is the whole app definition. Platforms whose webhooks Zapier can receive get static hook triggers;
 * a platform that must answer a subscription handshake (SmartRecruiters) cannot be a Zapier hook and
 * gets polling triggers on its API instead.
 */
import type { App, Authentication, BeforeRequestMiddleware, Trigger } from 'zapier-platform-core';
import type { PlatformDefinition, PlatformId } from '../../core';
import { customAuthenticationOf } from './custom-auth';
import { hookTriggersOf } from './hook-triggers';
import { addBearerToken, smartRecruitersAuthentication } from './smartrecruiters/oauth';
import { pollingTriggersOf } from './smartrecruiters/polling-triggers';

export interface BuildOptions {
	/** The integration's version (its package.json). */
	version: string;
	/** The zapier-platform-core version the integration runs on. */
	platformVersion: string;
}

interface PollingIntegration {
	authentication: Authentication;
	triggers(platform: PlatformDefinition<any>): Record<string, Trigger>;
	beforeRequest: BeforeRequestMiddleware[];
}

/** Platforms whose events Zapier can only see by polling their API. */
const pollingIntegrations: Partial<Record<PlatformId, PollingIntegration>> = {
	smartrecruiters: { authentication: smartRecruitersAuthentication, triggers: pollingTriggersOf, beforeRequest: [addBearerToken] },
};

/** Zapier's static hooks answer every request with 200 and cannot echo a handshake header. */
export function needsPolling(platform: PlatformDefinition<any>): boolean {
	return platform.handshake !== undefined || platform.subscription.kind === 'api';
}

export type ZapierApp = App<Record<string, Trigger>>;

export function buildZapierApp(platform: PlatformDefinition<any>, options: BuildOptions): ZapierApp {
	if (needsPolling(platform)) {
		const polling = pollingIntegrations[platform.id];
		if (polling === undefined) {
			throw new Error(`${platform.displayName} needs a handshake or an API subscription, which Zapier hooks cannot do, and has no polling triggers yet.`);
		}
		return {
			version: options.version,
			platformVersion: options.platformVersion,
			authentication: polling.authentication,
			beforeRequest: polling.beforeRequest,
			triggers: polling.triggers(platform),
		};
	}
	const authentication = customAuthenticationOf(platform);
	return {
		version: options.version,
		platformVersion: options.platformVersion,
		...(authentication !== undefined ? { authentication } : {}),
		triggers: hookTriggersOf(platform),
	};
}
