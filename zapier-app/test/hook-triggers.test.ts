/**
 * Hook triggers as Zapier runs them: a delivery reaches perform as bundle.rawRequest (raw body in
 * `content`, headers renamed to Http-...). Genuine deliveries, signed by the core's signDelivery and by
 * code we did not write (the standardwebhooks package, the seeds' Python, openssl), become typed items;
 * forged, stale and unsigned ones start no Zap run and leave a reason in the log; genuine ones that
 * cannot be read throw a Zapier error naming the setting. Settings are split as a Zapier user types
 * them: per-endpoint secrets on the trigger (bundle.inputData), the account's in the connection.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import nock from 'nock';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { platformIds, platforms, signDelivery } from '../../core';
import { examplesOf } from '../../core/platforms/examples';
import Stripe from 'stripe';
import { signHrFlowBatch } from '../../core/platforms/hrflow/signing';
import { HRFLOW_SEED_SIGN_JSON, HRFLOW_SIGNED_REQUEST, opensslHmac, python } from '../../test/helpers/independent';
import { ZAPIER_EVENT_TOLERANCE_SECONDS, deliveryFromRawRequest, triggerKeyOf, wireHeaderName } from '../src';
import { TALENTPOOLS_JOB, TALENTPOOLS_SECRETS, appOf, asZapierRequest, minutesAgo, runHook, testerOf, tryHook } from './helpers';

// Some cases spawn python3 and openssl; on a shared machine they can take longer than jest's 5 s.
jest.setTimeout(30000);

describe('Zapier raw requests', () => {
	it('maps Zapier header names back to the wire names', () => {
		expect(wireHeaderName('Http-Svix-Id')).toBe('svix-id');
		expect(wireHeaderName('Http-X-Peopleforce-Signature')).toBe('x-peopleforce-signature');
		expect(wireHeaderName('Http-Http-Hrflow-Signature')).toBe('http-hrflow-signature');
		expect(wireHeaderName('Content-Type')).toBe('content-type');
		expect(wireHeaderName('svix-id')).toBe('svix-id');
	});

	it('keeps the raw body untouched, and one header under both spellings as one', () => {
		const delivery = deliveryFromRawRequest({
			method: 'POST',
			headers: { 'Http-Svix-Id': 'msg_1', 'svix-id': 'msg_1', 'Content-Type': 'application/json' },
			content: '{ "a" :1 }',
		});
		expect(delivery).toEqual({ method: 'POST', headers: { 'svix-id': 'msg_1', 'content-type': 'application/json' }, body: '{ "a" :1 }' });
		const twice = deliveryFromRawRequest({ headers: { 'Http-Svix-Id': 'msg_1', 'svix-id': 'msg_2' }, content: '' });
		expect(twice.headers['svix-id']).toEqual(['msg_1', 'msg_2']);
	});
});

describe('TalentPools hook triggers', () => {
	const app = appOf('talentpools');
	const authData = TALENTPOOLS_SECRETS;
	const job = TALENTPOOLS_JOB;
	const signed = (at = new Date(), secrets = authData, event = 'job.posted', data: unknown = job) =>
		signDelivery('talentpools', { event, data, id: 'msg_2fQ1' }, secrets, { now: at });

	/** TalentPools' encryption as the seed's snippet describes it, written here with Node's crypto. */
	function encryptLikeTalentPools(plaintext: object, key: string): string {
		const iv = randomBytes(16);
		const cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(key).digest(), iv);
		return `${iv.toString('hex')}.${Buffer.concat([cipher.update(JSON.stringify(plaintext)), cipher.final()]).toString('hex')}`;
	}

	it('turns a genuine delivery (Zapier-renamed headers) into one typed, decrypted item', async () => {
		const delivery = signed();
		const raw = asZapierRequest(delivery);
		expect(Object.keys(raw.headers ?? {})).toEqual(expect.arrayContaining(['Http-Svix-Id', 'Http-Svix-Timestamp', 'Http-Svix-Signature', 'Content-Type']));
		const { items, logs } = await runHook(app, 'job_posted', raw, authData);
		expect(items).toEqual([
			{
				id: 'msg_2fQ1',
				event: 'job.posted',
				occurredAt: expect.any(String),
				platform: 'talentpools',
				entity: 'job',
				known: true,
				verified: true,
				data: job,
				meta: { signedAt: expect.any(String) },
			},
		]);
		expect(logs).toEqual([]);
	});

	it('accepts a delivery signed by the standardwebhooks package and encrypted per the seed', async () => {
		const body = JSON.stringify({
			message: encryptLikeTalentPools({ eventType: 'freelancer.registered', timestamp: new Date().toISOString(), data: { id: 'frl_1', firstName: 'Ada' } }, authData.encryptionKey),
		});
		const at = new Date();
		const signature = new StandardWebhook(authData.signingSecret).sign('msg_theirs', at, body);
		const raw = {
			method: 'POST',
			headers: {
				'Http-Webhook-Id': 'msg_theirs',
				'Http-Webhook-Timestamp': String(Math.floor(at.getTime() / 1000)),
				'Http-Webhook-Signature': signature,
				'Content-Type': 'application/json',
			},
			content: body,
		};
		const { items } = await runHook(app, 'freelancer_registered', raw, authData);
		expect(items).toEqual([expect.objectContaining({ id: 'msg_theirs', event: 'freelancer.registered', data: { id: 'frl_1', firstName: 'Ada' } })]);
	});

	it.each([
		['a wrong signing secret', () => signed(new Date(), { ...authData, signingSecret: 'whsec_' + Buffer.from('another secret key!!').toString('base64') }), 'signature_mismatch'],
		['a tampered body', () => ({ ...signed(), body: signed().body.replace(/"message":"./, '"message":"0') }), 'signature_mismatch'],
		['a stale delivery (signed 10 minutes ago)', () => signed(minutesAgo(10)), 'timestamp_out_of_tolerance'],
		['garbage without headers', () => ({ method: 'POST', headers: {}, body: 'hello' }), 'missing_header'],
	])('refuses %s quietly: no item, no error, the reason in the log', async (_name, make, code) => {
		const { items, logs } = await runHook(app, 'job_posted', make(), authData);
		expect(items).toEqual([]);
		expect(logs).toEqual([expect.stringContaining(`(${code})`)]);
		expect(logs.join('\n')).not.toContain(authData.signingSecret);
		expect(logs.join('\n')).not.toContain(authData.encryptionKey);
	});

	it("leaves the seed's 15 s event window to the signature window while Zapier queues the request", async () => {
		const occurred = new Date(Date.now() - 60 * 1000);
		const delivery = signDelivery('talentpools', { event: 'job.posted', data: job, occurredAt: occurred }, authData);
		expect((await runHook(app, 'job_posted', delivery, authData)).items).toHaveLength(1);
		const tooOld = signDelivery('talentpools', { event: 'job.posted', data: job, occurredAt: new Date(Date.now() - (ZAPIER_EVENT_TOLERANCE_SECONDS + 60) * 1000) }, authData);
		const { items, logs } = await runHook(app, 'job_posted', tooOld, authData);
		expect(items).toEqual([]);
		expect(logs[0]).toContain('timestamp_out_of_tolerance');
	});

	it("ignores another trigger's event, which the any-event trigger takes", async () => {
		const delivery = signed(new Date(), authData, 'customer.registered', { id: 'cus_1' });
		const other = await runHook(app, 'job_posted', delivery, authData);
		expect(other.items).toEqual([]);
		expect(other.logs).toEqual([expect.stringContaining('customer.registered ignored')]);
		const any = await runHook(app, 'any_event', delivery, authData);
		expect(any.items).toEqual([expect.objectContaining({ event: 'customer.registered', data: { id: 'cus_1' } })]);
	});

	it('throws a Zapier error naming the Encryption Key when a genuine delivery does not decrypt', async () => {
		const { error, items } = await tryHook(app, 'job_posted', signed(new Date(), { ...authData, encryptionKey: 'not-the-key' }), authData);
		expect(items).toEqual([]);
		// z.errors.Error reaches Zapier as an AppError: the run is errored in Zap History, not halted.
		expect((error as Error).name).toBe('AppError');
		const shown = JSON.parse((error as Error).message) as { message: string; code: string };
		expect(shown.code).toBe('decryption_failed');
		expect(shown.message).toMatch(/signature is valid.*\(decryption_failed\).*Check "Encryption Key" in the Zapier connection\./);
		expect(shown.message).not.toContain(authData.encryptionKey);
		expect(shown.message).not.toContain(authData.signingSecret);
	});

	it('reproduced: an encryption key pasted with a trailing newline still decrypts (the value is trimmed)', async () => {
		const { items } = await runHook(app, 'job_posted', signed(), { ...authData, encryptionKey: `${authData.encryptionKey}\n` });
		expect(items).toEqual([expect.objectContaining({ id: 'msg_2fQ1', data: job })]);
		const padded = await runHook(app, 'job_posted', signed(), { ...authData, signingSecret: ` ${authData.signingSecret}\r\n` });
		expect(padded.items).toHaveLength(1);
	});

	it('tests the connection for what it can prove: the fields it holds, not whether they match', async () => {
		const tester = testerOf(app);
		expect(app.authentication!.fields!.map((f) => f.key)).toEqual(['encryptionKey', 'previousEncryptionKey', 'connectionName']);
		await expect(tester(app.authentication!.test as never, { authData: { encryptionKey: authData.encryptionKey } } as never)).resolves.toEqual({
			checked: expect.stringMatching(/trigger test on a real delivery/),
		});
		// The whsec_ signing secret typed where the encryption key goes.
		await expect(tester(app.authentication!.test as never, { authData: { encryptionKey: authData.signingSecret } } as never)).rejects.toThrow(
			/starts with .{0,4}whsec_.{0,4}: that is the Signing Secret/,
		);
		await expect(tester(app.authentication!.test as never, { authData: {} } as never)).rejects.toThrow(/No encryption key/);
	});

	it('serves any number of Zaps from one connection: each trigger has its own signing secret', async () => {
		const secondSecret = 'whsec_' + Buffer.from('a second endpoint of the same account').toString('base64');
		const trigger = app.triggers.job_posted.operation as unknown as { inputFields: Array<Record<string, unknown>> };
		expect(trigger.inputFields).toEqual([
			expect.objectContaining({ key: 'signingSecret', type: 'password', required: true }),
			expect.objectContaining({ key: 'previousSigningSecret', type: 'password', required: false }),
		]);
		const zapA = await runHook(app, 'job_posted', signed(), authData);
		const zapB = await runHook(app, 'job_posted', signed(new Date(), { ...authData, signingSecret: secondSecret }), { ...authData, signingSecret: secondSecret });
		expect([zapA.items.length, zapB.items.length]).toEqual([1, 1]);
		// Zap B's delivery does not open Zap A's trigger.
		expect((await runHook(app, 'job_posted', signed(new Date(), { ...authData, signingSecret: secondSecret }), authData)).items).toEqual([]);
	});

	it('labels connections so that two accounts tell apart, without showing a secret', async () => {
		const label = (data: Record<string, string>) => testerOf(app)(app.authentication!.connectionLabel as never, { authData: data } as never);
		const one = await label({ encryptionKey: 'key-one' });
		const two = await label({ encryptionKey: 'key-two' });
		expect(one).toMatch(/^TalentPools \(encryption key #[0-9a-f]{6}\)$/);
		expect(one).not.toBe(two);
		expect(one).not.toContain('key-one');
		await expect(label({ encryptionKey: 'key-one', connectionName: 'Acme marketplace' })).resolves.toBe('TalentPools: Acme marketplace');
	});
});

describe('HrFlow.ai hook triggers', () => {
	const app = appOf('hrflow');
	const authData = { secret: 'wsk_7e3b1f0c9a' };
	const profile = { type: 'profile.parsing.success', origin: 'api', message: 'profile parsing succeed', profile: { key: 'p1', source: { key: 's1' } } };
	const job = { type: 'job.storing.success', origin: 'api', message: 'job storing succeed', job: { key: 'j1', board: { key: 'b1' } } };

	it('reads a form delivery signed by the core; the id is the body fingerprint', async () => {
		const delivery = signDelivery('hrflow', { event: profile.type, data: profile }, authData);
		expect(Object.keys(asZapierRequest(delivery).headers ?? {})).toContain('Http-Http-Hrflow-Signature');
		const { items } = await runHook(app, 'profile_parsing_success', delivery, authData);
		expect(items).toEqual([
			{
				id: expect.stringMatching(/^[0-9a-f]{64}$/),
				event: 'profile.parsing.success',
				occurredAt: null,
				platform: 'hrflow',
				entity: 'profile',
				known: true,
				verified: true,
				data: profile,
				meta: expect.any(Object),
			},
		]);
	});

	it("accepts JSON signed by the seed's Python and a signed request made in Python", async () => {
		const body = JSON.stringify(job);
		const signature = python(HRFLOW_SEED_SIGN_JSON, JSON.stringify({ secret: authData.secret, body }));
		const json = await runHook(app, 'job_storing_success', { headers: { 'content-type': 'application/json', 'HTTP-HRFLOW-SIGNATURE': signature }, body }, authData);
		expect(json.items).toEqual([expect.objectContaining({ event: 'job.storing.success', data: job })]);

		const header = python(HRFLOW_SIGNED_REQUEST, JSON.stringify({ secret: authData.secret, event: profile }));
		const signedRequest = await runHook(app, 'profile_parsing_success', { headers: { 'HRFLOW-SIGNATURE': header }, body: 'unsigned' }, authData);
		expect(signedRequest.items).toEqual([expect.objectContaining({ event: 'profile.parsing.success', data: profile })]);
	});

	it('splits a batch: each trigger keeps its own events, ids are fingerprint#index', async () => {
		const batch = signHrFlowBatch(
			[
				{ event: profile.type, data: profile },
				{ event: job.type, data: job },
			],
			authData,
		);
		const jobs = await runHook(app, 'job_storing_success', batch, authData);
		expect(jobs.items).toEqual([expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f]{64}#1$/), event: 'job.storing.success' })]);
		const all = await runHook(app, 'any_event', batch, authData);
		expect(all.items.map((i) => i.id.split('#')[1])).toEqual(['0', '1']);
	});

	it('fetches the full profile with the optional API key, as the n8n node does; without it, keys only', async () => {
		expect(app.authentication!.fields!.map((f) => f.key)).toEqual(['secret', 'previousSecret', 'apiKey', 'userEmail', 'connectionName']);
		const delivery = signDelivery('hrflow', { event: profile.type, data: profile }, authData);
		const full = { key: 'p1', info: { full_name: 'Ada Lovelace' } };
		nock('https://api.hrflow.ai', { reqheaders: { 'x-api-key': 'ask_read', 'x-user-email': 'ops@example.com' } })
			.get('/v1/profile/indexing')
			.query({ source_key: 's1', key: 'p1' })
			.reply(200, { code: 200, message: 'Profile data', data: full });
		const { items } = await runHook(app, 'profile_parsing_success', delivery, authData, { authData: { ...authData, apiKey: 'ask_read', userEmail: 'ops@example.com' } });
		expect(items).toEqual([expect.objectContaining({ event: 'profile.parsing.success', data: profile, resolved: full })]);
		nock('https://api.hrflow.ai').get('/v1/profile/indexing').query(true).reply(401, { message: 'Unauthorized' });
		const refused = await runHook(app, 'profile_parsing_success', signDelivery('hrflow', { event: profile.type, data: { ...profile, message: 'again' } }, authData), authData, {
			authData: { ...authData, apiKey: 'ask_wrong' },
		});
		expect(refused.items).toEqual([expect.objectContaining({ resolveError: expect.stringContaining('HTTP 401. Check the API key') })]);
		expect((await runHook(app, 'profile_parsing_success', delivery, authData)).items[0]).not.toHaveProperty('resolved');
	});

	it('refuses a tampered body and a wrong secret', async () => {
		const delivery = signDelivery('hrflow', { event: profile.type, data: profile }, authData);
		for (const [attempt, secrets] of [
			[{ ...delivery, body: delivery.body.replace('p1', 'p2') }, authData],
			[delivery, { secret: 'wsk_other' }],
		] as const) {
			const { items, logs } = await runHook(app, 'profile_parsing_success', attempt, secrets);
			expect(items).toEqual([]);
			expect(logs).toEqual([expect.stringContaining('(signature_mismatch)')]);
		}
	});
});

describe('PeopleForce hook triggers', () => {
	const app = appOf('peopleforce');
	const authData = { secret: 'pf-webhook-secret-4c1d' };
	const employee = {
		id: 130333,
		attributes: { first_name: 'John', last_name: 'Doe' },
		meta: { created_at: '2024-09-05T18:33:55.130+03:00', updated_at: '2024-09-05T18:33:55.526+03:00' },
	};

	it('accepts a body signed with openssl, typed by the catalogue', async () => {
		const body = JSON.stringify({ action: 'employee_create', data: employee });
		const delivery = { headers: { 'content-type': 'application/json', 'X-PeopleForce-Signature': 'sha256=' + opensslHmac('sha256', authData.secret, body, 'hex') }, body };
		const { items } = await runHook(app, 'employee_create', delivery, authData);
		expect(items).toEqual([
			{
				id: createHash('sha256').update(body).digest('hex'),
				event: 'employee_create',
				occurredAt: '2024-09-05T15:33:55.526Z',
				platform: 'peopleforce',
				entity: 'employee',
				known: true,
				verified: true,
				data: employee,
				meta: {},
			},
		]);
	});

	it('refuses an unsigned delivery when the connection has a secret, and a forged one', async () => {
		const unsigned = signDelivery('peopleforce', { event: 'employee_create', data: employee }, {});
		expect((await runHook(app, 'employee_create', unsigned, authData)).logs).toEqual([expect.stringContaining('(missing_header)')]);
		const forged = signDelivery('peopleforce', { event: 'employee_create', data: employee }, { secret: 'guessed' });
		expect((await runHook(app, 'employee_create', forged, authData)).items).toEqual([]);
	});

	it('reads unsigned deliveries when the connection has no secret, and says so', async () => {
		const unsigned = signDelivery('peopleforce', { event: 'leave_request_approve', data: { id: 5 } }, {});
		const { items, logs } = await runHook(app, 'leave_request_approve', unsigned, {});
		expect(items).toEqual([expect.objectContaining({ event: 'leave_request_approve', verified: false, data: { id: 5 } })]);
		expect(logs).toEqual([expect.stringContaining('WITHOUT signature verification')]);
		// The Secret belongs to each PeopleForce webhook: PeopleForce needs no connection at all.
		expect(app.authentication).toBeUndefined();
	});
});

describe('Signed webhook (generic sender) hook trigger', () => {
	const app = appOf('signed-webhook');
	const payload = { event: 'candidate.hired', occurred_at: '2026-11-20T09:30:00Z', data: { candidate_id: 42 } };

	it('takes every event the sender names, X-Signature by default (openssl)', async () => {
		const body = JSON.stringify(payload);
		const { items } = await runHook(
			app,
			'webhook',
			{ headers: { 'content-type': 'application/json', 'X-Signature': opensslHmac('sha256', 's3cret', body, 'hex') }, body },
			{ secret: 's3cret' },
		);
		expect(items).toEqual([expect.objectContaining({ event: 'candidate.hired', occurredAt: '2026-11-20T09:30:00.000Z', verified: true, data: payload })]);
	});

	it('uses the connection settings for a GitHub-style header', async () => {
		const body = JSON.stringify({ action: 'opened', number: 7 });
		const settings = { secret: 'gh', header: 'X-Hub-Signature-256', prefix: 'sha256=', algorithm: 'sha256', encoding: 'hex' };
		const delivery = { headers: { 'X-Hub-Signature-256': 'sha256=' + opensslHmac('sha256', 'gh', body, 'hex') }, body };
		expect((await runHook(app, 'webhook', delivery, settings)).items).toEqual([expect.objectContaining({ event: 'opened' })]);
		expect(Object.keys(app.authentication!.fields!.map((f) => f.key))).not.toContain('secret');
		const { items, logs } = await runHook(app, 'webhook', delivery, { ...settings, secret: 'not-gh' });
		expect(items).toEqual([]);
		expect(logs).toEqual([expect.stringContaining('(signature_mismatch)')]);
	});

	it('rejects settings the core cannot use when the user connects', async () => {
		await expect(testerOf(app)(app.authentication!.test as never, { authData: { header: 'bad header' } } as never)).rejects.toThrow(/header name/);
		await expect(testerOf(app)(app.authentication!.test as never, { authData: { preset: 'custom', signedContent: '{Body}' } } as never)).rejects.toThrow(/placeholder/);
	});

	it("reproduced: a header typed as PHP's HTTP_X_SIGNATURE (the seed's $_SERVER name) reads X-Signature", async () => {
		const body = JSON.stringify(payload);
		const delivery = { headers: { 'content-type': 'application/json', 'X-Signature': opensslHmac('sha256', 's3cret', body, 'hex') }, body };
		const { items } = await runHook(app, 'webhook', delivery, { secret: 's3cret', header: 'HTTP_X_SIGNATURE' });
		expect(items).toEqual([expect.objectContaining({ event: 'candidate.hired', verified: true })]);
	});

	it('throws a Zapier error when a genuine delivery is not the JSON the sender promised (its Content-Type)', async () => {
		const body = '{"event": "candidate.hired", ';
		const delivery = { headers: { 'content-type': 'application/json', 'X-Signature': opensslHmac('sha256', 's3cret', body, 'hex') }, body };
		const { error } = await tryHook(app, 'webhook', delivery, { secret: 's3cret' });
		expect(String((error as Error | undefined)?.message)).toMatch(/signature is valid.*\(malformed_body\)/);
		// The same body with a forged signature stays quiet.
		const forged = await tryHook(
			app,
			'webhook',
			{ ...delivery, headers: { ...delivery.headers, 'X-Signature': opensslHmac('sha256', 'guess', body, 'hex') } },
			{ secret: 's3cret' },
		);
		expect([forged.error, forged.items]).toEqual([undefined, []]);
	});

	it("offers the same senders as the n8n credential, and verifies a Stripe delivery made by Stripe's SDK", async () => {
		const fields = (app.authentication!.fields ?? []) as Array<{ key: string; choices?: Array<{ value: string }>; helpText?: string }>;
		expect(fields.find((f) => f.key === 'preset')?.choices?.map((c) => c.value)).toEqual(['spatie', 'github', 'stripe', 'slack', 'shopify', 'standard-webhooks', 'custom']);
		expect(fields.find((f) => f.key === 'signedContent')?.helpText).toMatch(/^Only for Sender "Custom/);
		const stripe = new Stripe('sk_test_hirehooks_zapier');
		const body = JSON.stringify({ id: 'evt_zap_1', object: 'event', type: 'charge.succeeded', data: { object: { id: 'ch_1' } } });
		const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_zap' });
		const delivery = { headers: { 'content-type': 'application/json', 'Stripe-Signature': header }, body };
		const { items } = await runHook(app, 'webhook', delivery, { preset: 'stripe', secret: 'whsec_zap' });
		expect(items).toEqual([expect.objectContaining({ id: 'evt_zap_1', event: 'charge.succeeded', verified: true })]);
	});

	it('accepts the Previous Secret of a rotation, and starts no run on a Slack challenge (Zapier answers requests itself)', async () => {
		const byOld = signDelivery('signed-webhook', { event: 'push', data: { ref: 'main' } }, { preset: 'github', secret: 'old' });
		expect((await runHook(app, 'webhook', byOld, { preset: 'github', secret: 'new', previousSecret: 'old' })).items).toEqual([expect.objectContaining({ event: 'push' })]);
		expect((await runHook(app, 'webhook', byOld, { preset: 'github', secret: 'new' })).items).toEqual([]);
		const challenge = signDelivery('signed-webhook', { event: 'url_verification', data: { type: 'url_verification', challenge: 'c' } }, { preset: 'slack', secret: 's' });
		const { items, logs } = await runHook(app, 'webhook', challenge, { preset: 'slack', secret: 's' });
		expect(items).toEqual([]);
		expect(logs).toEqual([expect.stringContaining('(handshake_not_event)')]);
	});
});

// Every platform with hook triggers: one that needs a handshake or an API subscription gets polling triggers instead (src/app.ts).
describe.each(
	platformIds
		.filter((id) => platforms[id].handshake === undefined && platforms[id].subscription.kind !== 'api')
		.map((id) => [id, examplesOf(id).secrets as Record<string, string>] as const),
)('%s: each trigger sample is what perform returns for that event', (id, authData) => {
	const app = appOf(id);
	const platform = platforms[id];
	it.each(platform.events.map((e) => [triggerKeyOf(e), e] as const))('%s', async (key, event) => {
		const delivery = signDelivery(id, { event: event.name, data: event.sample, meta: event.sampleMeta }, authData);
		const { items } = await runHook(app, key, delivery, authData);
		const sample = (app.triggers[key].operation as { sample: Record<string, unknown> }).sample;
		const shape = (item: Record<string, unknown>) => ({
			keys: Object.keys(item).sort(),
			event: item.event,
			verified: item.verified,
			data: item.data,
			hasTime: item.occurredAt !== null && item.occurredAt !== undefined,
		});
		expect(items).toHaveLength(1);
		expect(shape(items[0])).toEqual(shape(sample));
	});
});
