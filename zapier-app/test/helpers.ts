/**
 * Test plumbing: the app of a platform as Zapier's app tester runs it, deliveries as Zapier hands them
 * to a hook (renamed headers, raw body), and the log lines perform writes.
 */
import { createAppTester, version as platformVersion } from 'zapier-platform-core';
import { type PlatformId, type SignedDelivery, platforms } from '../../core';
import { type ZapierApp, buildZapierApp } from '../src';
import type { ZapierRawRequest } from '../src/zapier-request';

export function appOf(id: PlatformId): ZapierApp {
	return buildZapierApp(platforms[id], { version: '0.1.0', platformVersion });
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

/** Runs a hook trigger's perform on a delivery as Zapier would, collecting its z.console lines. */
export async function runHook(app: ZapierApp, triggerKey: string, delivery: SignedDelivery | ZapierRawRequest, authData: Record<string, string>): Promise<HookRun> {
	const rawRequest = 'content' in delivery || !('body' in delivery) ? (delivery as ZapierRawRequest) : asZapierRequest(delivery as SignedDelivery);
	const trigger = app.triggers[triggerKey];
	if (trigger === undefined) throw new Error(`no trigger ${triggerKey}`);
	const logs: string[] = [];
	const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
		logs.push(args.map(String).join(' '));
	});
	try {
		const perform = (trigger.operation as unknown as { perform: never }).perform;
		const items = (await testerOf(app)(perform, { authData, rawRequest } as never)) as Array<Record<string, any>>;
		return { items, logs };
	} finally {
		spy.mockRestore();
	}
}

export function minutesAgo(minutes: number): Date {
	return new Date(Date.now() - minutes * 60 * 1000);
}
