/**
 * Test plumbing: the app of a platform as Zapier's app tester runs it, deliveries as Zapier hands them
 * to a hook (renamed headers, raw body), and the log lines perform writes.
 */
import nock from 'nock';
import { createAppTester, version as platformVersion } from 'zapier-platform-core';
import { type PlatformId, type SignedDelivery, credentialFieldsOf, platforms } from '../../core';
import { type ZapierApp, buildZapierApp } from '../src';
import type { ZapierRawRequest } from '../src/zapier-request';

/** A TalentPools job.posted payload and the secrets the hook tests sign it with. */
export const TALENTPOOLS_SECRETS = { signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', encryptionKey: 'test-password-example-in-here' };
export const TALENTPOOLS_JOB = {
	id: 'job_81723',
	title: 'Senior React Developer',
	description: 'Build dashboards.',
	customerId: 'cus_1',
	postedAt: '2026-11-20T09:30:00.000Z',
	budget: 4200,
	remote: true,
};

export function appOf(id: PlatformId, authentication?: string): ZapierApp {
	const app = buildZapierApp(platforms[id], { version: '0.1.0', platformVersion, authentication });
	appPlatforms.set(app, id);
	return app;
}

export function testerOf(app: ZapierApp) {
	return createAppTester(app);
}

/** `svix-id` → `Http-Svix-Id`, as Zapier's catch hook presents headers (Content-Type/-Length keep theirs). */
export function zapierHeaderName(wireName: string): string {
	const titled = wireName
		.split('-')
		.map((part) => (part === '' ? part : part[0].toUpperCase() + part.slice(1).toLowerCase()))
		.join('-');
	return /^content-(type|length)$/i.test(wireName) ? titled : `Http-${titled}`;
}

export function asZapierRequest(delivery: { method?: string; headers: Record<string, string>; body: string }): ZapierRawRequest {
	return {
		method: delivery.method ?? 'POST',
		querystring: '',
		headers: Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [zapierHeaderName(name), value])),
		content: delivery.body,
	};
}

export interface HookRun {
	items: Array<Record<string, any>>;
	logs: string[];
}

export interface HookSettings {
	/** The connection's fields (bundle.authData). */
	authData?: Record<string, string>;
	/** The trigger's own fields (bundle.inputData): per-endpoint secrets. */
	inputData?: Record<string, string>;
	meta?: Record<string, unknown>;
	/** Zapier's cache; a fresh double per run when absent. */
	cache?: ZapierCacheDouble;
}

/** Splits a platform's secrets into the connection's and the trigger's fields, as a Zapier user types them. */
export function zapierSettingsOf(id: PlatformId, secrets: Record<string, string>): { authData: Record<string, string>; inputData: Record<string, string> } {
	const authData: Record<string, string> = {};
	const inputData: Record<string, string> = {};
	for (const field of credentialFieldsOf(platforms[id].secretFields)) {
		if (secrets[field.key] === undefined) continue;
		(field.scope === 'endpoint' ? inputData : authData)[field.key] = secrets[field.key];
	}
	return { authData, inputData };
}

async function withLogs<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown; logs: string[] }> {
	const logs: string[] = [];
	const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
		logs.push(args.map(String).join(' '));
	});
	try {
		return { value: await run(), logs };
	} catch (error) {
		return { error, logs };
	} finally {
		spy.mockRestore();
	}
}

function operationOf(app: ZapierApp, triggerKey: string): { perform: never; performList: never } {
	const trigger = app.triggers[triggerKey];
	if (trigger === undefined) throw new Error(`no trigger ${triggerKey}`);
	return trigger.operation as unknown as { perform: never; performList: never };
}

/**
 * Runs a hook trigger's perform on a delivery as Zapier would (bundle.rawRequest with Http- headers),
 * collecting its z.console lines. `secrets` are split into connection and trigger fields by scope.
 * Throws what perform throws.
 */
export async function runHook(
	app: ZapierApp,
	triggerKey: string,
	delivery: SignedDelivery | ZapierRawRequest,
	secrets: Record<string, string>,
	settings: HookSettings = {},
): Promise<HookRun> {
	const result = await tryHook(app, triggerKey, delivery, secrets, settings);
	if (result.error !== undefined) throw result.error;
	return { items: result.items, logs: result.logs };
}

export async function tryHook(
	app: ZapierApp,
	triggerKey: string,
	delivery: SignedDelivery | ZapierRawRequest,
	secrets: Record<string, string>,
	settings: HookSettings = {},
): Promise<HookRun & { error?: unknown }> {
	const rawRequest = 'content' in delivery || !('body' in delivery) ? (delivery as ZapierRawRequest) : asZapierRequest(delivery as SignedDelivery);
	const split = zapierSettingsOf(platformOfApp(app), secrets);
	const bundle = { authData: settings.authData ?? split.authData, inputData: settings.inputData ?? split.inputData, meta: settings.meta ?? {}, rawRequest };
	const tester = testerOf(app);
	const cache = settings.cache ?? new ZapierCacheDouble();
	cache.attach(tester);
	try {
		const { value, error, logs } = await withLogs(() => tester(operationOf(app, triggerKey).perform, bundle as never) as Promise<Array<Record<string, any>>>);
		return { items: value ?? [], logs, error };
	} finally {
		if (settings.cache === undefined) cache.detach();
	}
}

/** The editor's "Test trigger" (performList, bundle.meta.isLoadingSample). */
export async function testTrigger(
	app: ZapierApp,
	triggerKey: string,
	secrets: Record<string, string>,
	cache: ZapierCacheDouble,
	meta: Record<string, unknown> = {},
): Promise<Array<Record<string, any>>> {
	const split = zapierSettingsOf(platformOfApp(app), secrets);
	const tester = testerOf(app);
	cache.attach(tester);
	return (await tester(operationOf(app, triggerKey).performList, { ...split, meta: { isLoadingSample: true, ...meta } } as never)) as Array<Record<string, any>>;
}

const appPlatforms = new WeakMap<ZapierApp, PlatformId>();

function platformOfApp(app: ZapierApp): PlatformId {
	const id = appPlatforms.get(app);
	if (id === undefined) throw new Error('an app made without appOf()');
	return id;
}

export function minutesAgo(minutes: number): Date {
	return new Date(Date.now() - minutes * 60 * 1000);
}

/**
 * A test double of Zapier's cache behind z.cache, answering the RPC calls zapier-platform-core makes
 * (POST https://rpc.zapier.com/cli: zcache_get / zcache_set / zcache_delete) the way the service
 * behaves: values stored per scope ('user', 'auth' or app-wide), a TTL in seconds, and
 * `nx` (set only if absent) answered with true when stored and false when the key was there. The app
 * tester's own stand-in ignores ttl, scope and nx, so it cannot prove that a redelivery is refused.
 */
export class ZapierCacheDouble {
	readonly entries = new Map<string, { value: string; expiresAt: number | undefined }>();
	readonly calls: Array<{ method: string; params: unknown[] }> = [];
	now = () => Date.now();
	/** When set, every call is answered with this RPC error (the service down). */
	failWith: string | undefined;

	constructor() {
		process.env.ZAPIER_DEPLOY_KEY ??= 'test-deploy-key';
	}

	/** Routes z.cache of every appTester call made through `tester` to this double (nock on the RPC URL). */
	attach(tester: ReturnType<typeof createAppTester>): void {
		(tester as unknown as { zcacheTestObj: unknown }).zcacheTestObj = null;
		nock('https://rpc.zapier.com')
			.persist()
			.post('/cli')
			.reply((_uri, body) => {
				const { id, method, params } = (typeof body === 'string' ? JSON.parse(body) : body) as { id: string; method: string; params: unknown[] };
				this.calls.push({ method, params });
				return [200, this.failWith !== undefined ? { id, error: this.failWith } : { id, result: this.call(method, params) }];
			});
	}

	detach(): void {
		nock.cleanAll();
	}

	private scoped(key: string, scope: unknown): string {
		return `${Array.isArray(scope) ? [...scope].sort().join('+') : 'app'}|${key}`;
	}

	private live(key: string): { value: string } | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
			this.entries.delete(key);
			return undefined;
		}
		return entry;
	}

	private call(method: string, params: unknown[]): unknown {
		const [key, ...rest] = params as [string, ...unknown[]];
		if (method === 'zcache_get') return this.live(this.scoped(key, rest[0]))?.value ?? null;
		if (method === 'zcache_delete') return this.entries.delete(this.scoped(key, rest[0]));
		if (method === 'zcache_set') {
			const [value, ttl, scope, nx] = rest as [string, number | null, unknown, boolean | null];
			const scopedKey = this.scoped(key, scope);
			if (nx === true && this.live(scopedKey) !== undefined) return false;
			this.entries.set(scopedKey, { value, expiresAt: typeof ttl === 'number' ? this.now() + ttl * 1000 : undefined });
			return true;
		}
		throw new Error(`unexpected RPC method ${method}`);
	}
}
