/**
 * What hook triggers remember in Zapier's cache, against a double that answers z.cache's RPC calls as
 * the service does (ttl, scope, set-if-absent): a redelivered event starts no second run within the
 * platform's retry window, and the editor's test step shows the last real delivery or why it was
 * refused. Requests are shaped as Zapier hands them to perform (bundle.rawRequest, Http- headers).
 */
import nock from 'nock';
import { platforms, redeliverySpanSeconds, signDelivery } from '../../core';
import { CACHE_SCOPE, redeliveryWindowSecondsOf } from '../src';
import { TALENTPOOLS_JOB, TALENTPOOLS_SECRETS, ZapierCacheDouble, appOf, runHook, testTrigger, tryHook } from './helpers';

const app = appOf('talentpools');
const secrets = TALENTPOOLS_SECRETS;
const job = TALENTPOOLS_JOB;
const delivery = (id: string, signWith = secrets) => signDelivery('talentpools', { event: 'job.posted', data: job, id }, signWith);

afterEach(() => nock.cleanAll());

describe('the cache double behaves like Zapier: set-if-absent, ttl, scope', () => {
	it('stores once under nx, expires after ttl, and keeps scopes apart', async () => {
		const cache = new ZapierCacheDouble();
		let now = 1_000_000;
		cache.now = () => now;
		const call = (cache as unknown as { call(method: string, params: unknown[]): unknown }).call.bind(cache);
		expect(call('zcache_set', ['k', '1', 60, ['user'], true])).toBe(true);
		expect(call('zcache_set', ['k', '2', 60, ['user'], true])).toBe(false);
		expect(call('zcache_get', ['k', ['user']])).toBe('1');
		expect(call('zcache_get', ['k', ['auth']])).toBeNull();
		now += 61_000;
		expect(call('zcache_set', ['k', '3', 60, ['user'], true])).toBe(true);
	});
});

describe('no doubled runs: a redelivery within the retry window starts no second run', () => {
	it('runs a svix-id once, however often TalentPools sends it, and each new id once', async () => {
		const cache = new ZapierCacheDouble();
		const first = await runHook(app, 'job_posted', delivery('msg_once'), secrets, { cache, meta: { zap: { id: 'zap-1' } } });
		// A retry is signed again with a new timestamp; the id stays.
		const retry = await runHook(app, 'job_posted', delivery('msg_once'), secrets, { cache, meta: { zap: { id: 'zap-1' } } });
		const next = await runHook(app, 'job_posted', delivery('msg_next'), secrets, { cache, meta: { zap: { id: 'zap-1' } } });
		expect([first.items.length, retry.items.length, next.items.length]).toEqual([1, 0, 1]);
		expect(retry.logs).toEqual([expect.stringContaining('already ran (a redelivery), no second run')]);
		const claims = cache.calls.filter((c) => c.method === 'zcache_set' && (c.params[0] as string).startsWith('hirehooks:seen:'));
		expect(claims.map((c) => c.params.slice(2))).toEqual(Array(3).fill([redeliveryWindowSecondsOf(platforms.talentpools), CACHE_SCOPE, true]));
	});

	it('remembers for longer than Svix retries (about 33 hours), and forgets after', async () => {
		expect(redeliveryWindowSecondsOf(platforms.talentpools)).toBeGreaterThan(redeliverySpanSeconds(platforms.talentpools));
		const cache = new ZapierCacheDouble();
		let now = Date.now();
		cache.now = () => now;
		expect((await runHook(app, 'job_posted', delivery('msg_late'), secrets, { cache })).items).toHaveLength(1);
		now += redeliverySpanSeconds(platforms.talentpools) * 1000;
		expect((await runHook(app, 'job_posted', delivery('msg_late'), secrets, { cache })).items).toHaveLength(0);
		now += 2 * 3600 * 1000;
		expect((await runHook(app, 'job_posted', delivery('msg_late'), secrets, { cache })).items).toHaveLength(1);
	});

	it('keeps Zaps apart: the same message to two Zaps runs in both', async () => {
		const cache = new ZapierCacheDouble();
		const a = await runHook(app, 'job_posted', delivery('msg_shared'), secrets, { cache, meta: { zap: { id: 'zap-a' } } });
		const b = await runHook(app, 'job_posted', delivery('msg_shared'), secrets, { cache, meta: { zap: { id: 'zap-b' } } });
		expect([a.items.length, b.items.length]).toEqual([1, 1]);
	});

	it('dedupes platforms without event ids by a hash of exactly what the signature covers (the body)', async () => {
		const pf = appOf('peopleforce');
		const cache = new ZapierCacheDouble();
		const signed = signDelivery('peopleforce', { event: 'employee_create', data: { id: 7 } }, { secret: 'pf' });
		const runs = [];
		for (let i = 0; i < 3; i += 1) runs.push((await runHook(pf, 'employee_create', signed, { secret: 'pf' }, { cache })).items.length);
		expect(runs).toEqual([1, 0, 0]);
		const changed = signDelivery('peopleforce', { event: 'employee_create', data: { id: 8 } }, { secret: 'pf' });
		expect((await runHook(pf, 'employee_create', changed, { secret: 'pf' }, { cache })).items).toHaveLength(1);
	});

	it('does not use up a key while the editor loads a sample, and lets the event run when the cache fails', async () => {
		const cache = new ZapierCacheDouble();
		expect((await runHook(app, 'job_posted', delivery('msg_sample'), secrets, { cache, meta: { isLoadingSample: true } })).items).toHaveLength(1);
		expect((await runHook(app, 'job_posted', delivery('msg_sample'), secrets, { cache })).items).toHaveLength(1);
		nock.cleanAll();
		const broken = new ZapierCacheDouble();
		broken.failWith = 'cache down';
		const { items, logs } = await runHook(app, 'job_posted', delivery('msg_broken'), secrets, { cache: broken });
		expect(items).toHaveLength(1);
		expect(logs.join('\n')).toContain('redelivery memory unavailable');
	});
});

describe("the editor's test step proves the secrets against a real delivery", () => {
	it("shows the real delivery TalentPools' Send Example made", async () => {
		const cache = new ZapierCacheDouble();
		expect(await testTrigger(app, 'job_posted', secrets, cache)).toEqual([]);
		await runHook(app, 'job_posted', delivery('msg_example'), secrets, { cache });
		expect(await testTrigger(app, 'job_posted', secrets, cache)).toEqual([expect.objectContaining({ id: 'msg_example', event: 'job.posted', verified: true, data: job })]);
	});

	it('finds the delivery whether or not Zapier names the Zap (bundle.meta.zap.id) in the run or in the test', async () => {
		const cache = new ZapierCacheDouble();
		await runHook(app, 'job_posted', delivery('msg_zap'), secrets, { cache, meta: { zap: { id: 'zap-9' } } });
		expect((await testTrigger(app, 'job_posted', secrets, cache)).map((i) => i.id)).toEqual(['msg_zap']);
		expect((await testTrigger(app, 'job_posted', secrets, cache, { zap: { id: 'zap-9' } })).map((i) => i.id)).toEqual(['msg_zap']);
	});

	it('names the setting to check when the example was refused: the signing secret on this trigger', async () => {
		const cache = new ZapierCacheDouble();
		const other = { ...secrets, signingSecret: 'whsec_' + Buffer.from('the secret of another endpoint').toString('base64') };
		const run = await tryHook(app, 'job_posted', delivery('msg_wrong', other), secrets, { cache });
		// At run time a forgery and a wrong secret look alike: quiet.
		expect([run.error, run.items]).toEqual([undefined, []]);
		await expect(testTrigger(app, 'job_posted', secrets, cache)).rejects.toThrow(/was refused \(signature_mismatch\).*Check .{0,4}Signing Secret.{0,4} in this trigger's settings/);
	});

	it('names the encryption key in the connection when the example did not decrypt', async () => {
		const cache = new ZapierCacheDouble();
		const run = await tryHook(app, 'job_posted', delivery('msg_key', { ...secrets, encryptionKey: 'the real key' }), secrets, { cache });
		expect(run.error).toBeDefined();
		await expect(testTrigger(app, 'job_posted', secrets, cache)).rejects.toThrow(/\(decryption_failed\).*Encryption Key.{0,4} in the Zapier connection/);
	});

	it("says when the example was another trigger's event", async () => {
		const cache = new ZapierCacheDouble();
		await runHook(app, 'job_posted', signDelivery('talentpools', { event: 'customer.registered', data: { id: 'c' }, id: 'msg_c' }, secrets), secrets, { cache });
		await expect(testTrigger(app, 'job_posted', secrets, cache)).rejects.toThrow(/carried customer\.registered, which this trigger does not run on/);
	});
});
