/**
 * One Zapier integration per platform, generated from the core catalogue: buildZapierApp(platform)
 * is the whole app definition. Platforms whose webhooks Zapier can receive get static hook triggers;
 * a platform that must answer a subscription handshake (SmartRecruiters) cannot be a Zapier hook and
 * gets polling triggers on its API instead.
 */
import type { AfterResponseMiddleware, App, Authentication, BeforeRequestMiddleware, Trigger } from 'zapier-platform-core';
import type { AnyPlatformDefinition, PlatformId } from '../../core';
import { customAuthenticationOf } from './custom-auth';
import { hookExtensions, hookTriggersOf } from './hook-triggers';
import { smartRecruitersErrors } from './smartrecruiters/errors';
import { addBearerToken, addSmartToken, smartRecruitersApiKeyAuthentication, smartRecruitersAuthentication } from './smartrecruiters/oauth';
import { pollingTriggersOf } from './smartrecruiters/polling-triggers';

export interface BuildOptions {
	/** The integration's version (its package.json). */
	version: string;
	/** The zapier-platform-core version the integration runs on. */
	platformVersion: string;
	/** For a polling platform with several ways to sign in: which one (Zapier allows one per integration). Default: the first. */
	authentication?: string;
}

interface SignIn {
	authentication: Authentication;
	beforeRequest: BeforeRequestMiddleware[];
	afterResponse: AfterResponseMiddleware[];
}

interface PollingIntegration {
	/** Ways to sign in, the default first; each is its own integration (folder `<id>` for the first, `<id>-<name>` for the others). */
	signIns: Record<string, SignIn>;
	triggers(platform: AnyPlatformDefinition): Record<string, Trigger>;
}

/**
 * Platforms whose events Zapier can only see by polling their API. SmartRecruiters: an API key
 * (X-SmartToken) first, the way most customers connect their own tools; OAuth2 for accounts that
 * allow only that, as a second integration because Zapier takes one authentication per version.
 */
const pollingIntegrations: Partial<Record<PlatformId, PollingIntegration>> = {
	smartrecruiters: {
		signIns: {
			apikey: { authentication: smartRecruitersApiKeyAuthentication, beforeRequest: [addSmartToken], afterResponse: [smartRecruitersErrors('apiKey')] },
			oauth: { authentication: smartRecruitersAuthentication, beforeRequest: [addBearerToken], afterResponse: [smartRecruitersErrors('oauth2')] },
		},
		triggers: pollingTriggersOf,
	},
};

/** One Zapier integration: the folder it is built into, its platform, and its sign-in where there are several. */
export interface IntegrationFolder {
	dir: string;
	platformId: PlatformId;
	authentication?: string;
}

export function integrationFoldersOf(platform: AnyPlatformDefinition): IntegrationFolder[] {
	const polling = pollingIntegrations[platform.id];
	if (polling === undefined) return [{ dir: platform.id, platformId: platform.id }];
	return Object.keys(polling.signIns).map((name, index) => ({ dir: index === 0 ? platform.id : `${platform.id}-${name}`, platformId: platform.id, authentication: name }));
}

/** Zapier's static hooks answer every request with 200 and cannot echo a handshake header. */
export function needsPolling(platform: AnyPlatformDefinition): boolean {
	return platform.handshake !== undefined || platform.subscription.kind === 'api';
}

export type ZapierApp = App<Record<string, Trigger>>;

export function buildZapierApp(platform: AnyPlatformDefinition, options: BuildOptions): ZapierApp {
	if (needsPolling(platform)) {
		const polling = pollingIntegrations[platform.id];
		if (polling === undefined) {
			throw new Error(`${platform.displayName} needs a handshake or an API subscription, which Zapier hooks cannot do, and has no polling triggers yet.`);
		}
		const names = Object.keys(polling.signIns);
		const signIn = polling.signIns[options.authentication ?? names[0]];
		if (signIn === undefined) throw new Error(`${platform.displayName} has no sign-in "${options.authentication}"; known: ${names.join(', ')}.`);
		return {
			version: options.version,
			platformVersion: options.platformVersion,
			authentication: signIn.authentication,
			beforeRequest: signIn.beforeRequest,
			afterResponse: signIn.afterResponse,
			triggers: polling.triggers(platform),
		};
	}
	const authentication = customAuthenticationOf(platform, hookExtensions[platform.id]?.connectionFields);
	return {
		version: options.version,
		platformVersion: options.platformVersion,
		...(authentication !== undefined ? { authentication } : {}),
		triggers: hookTriggersOf(platform),
	};
}
