import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ICredentialType, IDataObject, INodeProperties, INodeType } from 'n8n-workflow';
import { credentialFieldsOf, platforms, redeliverySpanSeconds } from '../../../core';
import { allFaces } from '../../helpers/n8n-faces';
import { MAX_REMEMBERED, MAX_REMEMBERED_TOTAL, MAX_STORED, redeliveryWindowSeconds, rememberDeliveries } from '../../../nodes/shared/delivery-ledger';
import { ALL_EVENTS, eventOptions, subscriptionNotice } from '../../../nodes/shared/description';
import { toOutputItem } from '../../../nodes/shared/output';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Every platform's node and credentials, found from the registry: package.json must list exactly these.
const faces = allFaces();
const nodes: Array<[string, INodeType, keyof typeof platforms]> = faces.map((face) => [face.folder, face.node, face.id]);
const credentials: ICredentialType[] = [...new Map(faces.flatMap((face) => face.credentials).map((credential) => [credential.name, credential])).values()];

describe('package layout', () => {
	it('lists every node and credential in the n8n field, at the path the build produces', () => {
		expect(pkg.n8n.nodes).toEqual(nodes.map(([name]) => `dist/nodes/${name}/${name}.node.js`).sort());
		expect(pkg.n8n.credentials).toEqual(credentials.map((c) => `dist/credentials/${c.constructor.name}.credentials.js`).sort());
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
		}
		expect(pkg.dependencies ?? {}).toEqual({});
	});

	it.each(nodes)('%s: n8n trigger conventions, codex and icons', (folder, node, platformId) => {
		const d = node.description;
		expect(d.name).toBe(folder.charAt(0).toLowerCase() + folder.slice(1));
		expect(d.displayName).toMatch(/ Trigger$/);
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.outputs).toEqual(['main']);
		expect('usableAsTool' in d).toBe(false);
		expect(d.webhooks).toHaveLength(1);
		const icon = d.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) expect(existsSync(join(root, 'nodes', folder, file.replace('file:', '')))).toBe(true);
		expect(icon.light).not.toBe(icon.dark);
		const codex = JSON.parse(readFileSync(join(root, 'nodes', folder, `${folder}.node.json`), 'utf8'));
		expect(codex.node).toBe(`n8n-nodes-hirehooks.${d.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(node.webhookMethods?.default).toEqual({ checkExists: expect.any(Function), create: expect.any(Function), delete: expect.any(Function) });
		// The paste-here steps come from the catalogue, not from the node.
		const notice = d.properties.find((p) => p.name === 'subscriptionNotice')!;
		for (const step of platforms[platformId].subscription.steps) expect(notice.displayName).toContain(step);
		// Verification can be switched off exactly where the platform makes the secret optional.
		expect(d.properties.some((p) => p.name === 'verifySignatures')).toBe(platforms[platformId].secretOptional);
	});

	it.each(credentials.map((c) => [c.name, c] as const))('%s: icon files exist and secrets are password fields', (_name, credential) => {
		const icon = credential.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) expect(existsSync(join(root, 'credentials', file.replace('file:', '')))).toBe(true);
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		const secretNames = credential.properties.filter((p) => /(secret|key|token|password)$/i.test(p.name) && p.type === 'string').map((p) => p.name);
		for (const name of secretNames) {
			expect([name, credential.properties.find((p) => p.name === name)!.typeOptions?.password]).toEqual([name, true]);
		}
	});

	it.each(faces.filter((face) => platforms[face.id].secretFields.length > 0).map((face) => [face.id, face] as const))(
		'%s: derives its credential fields from the platform secretFields',
		(id, face) => {
			const properties = face.credentials[0].properties;
			// The secret fields come first; a credential may add API fields after them (HrFlow.ai's API key for Resolve Full Entity).
			const fields = credentialFieldsOf(platforms[id].secretFields);
			expect(properties.map((p) => p.name).slice(0, fields.length)).toEqual(fields.map((f) => f.key));
			for (const field of platforms[id].secretFields.filter((f) => f.options !== undefined)) {
				expect(properties.find((p) => p.name === field.key)).toMatchObject({ type: 'options', default: field.default });
			}
		},
	);
});

describe('shared builders', () => {
	it('offers every catalogue event plus "*" in the picker', () => {
		for (const platform of Object.values(platforms)) {
			const values = eventOptions(platform).map((o) => o.value);
			expect(values[0]).toBe(ALL_EVENTS);
			expect(values.slice(1).sort()).toEqual(platform.events.map((e) => e.name).sort());
		}
		expect(subscriptionNotice(platforms.smartrecruiters)).toMatch(/subscribed automatically/);
	});

	it.each(nodes)('%s: sorts the Options collection alphabetically, as n8n lint wants', (_folder, node) => {
		const options = node.description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		const names = options.map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('keeps output items flat: envelope first, data spread, colliding fields renamed, non-objects under data', () => {
		const base = { platform: 'talentpools' as const, event: 'job.posted', known: true, meta: { signedAt: 'x' } };
		expect(toOutputItem({ ...base, id: 'msg_1', entity: 'job', data: { id: 'job_1', title: 'T', meta: { a: 1 } } }).json).toEqual({
			event: 'job.posted',
			id: 'msg_1',
			occurredAt: null,
			platform: 'talentpools',
			entity: 'job',
			known: true,
			meta: { signedAt: 'x' },
			jobId: 'job_1',
			title: 'T',
			jobMeta: { a: 1 },
		});
		expect(toOutputItem({ ...base, entity: 'employee_position', data: { id: 1 } }).json.employeePositionId).toBe(1);
		expect(toOutputItem({ ...base, data: [1, 2] }).json.data).toEqual([1, 2]);
		// A renamed field that would itself collide stays reachable under `data`.
		expect(toOutputItem({ ...base, entity: 'job', data: { id: 'a', jobId: 'b' } }).json).toMatchObject({ jobId: 'b', data: { id: 'a' } });
	});

	it('forgets delivery keys after the window and stores at most MAX_STORED in static data', () => {
		const staticData: IDataObject = {};
		const t0 = 1_000_000;
		expect(rememberDeliveries(staticData, 'scope-a', ['k1'], 60, t0)).toEqual([false]);
		expect(rememberDeliveries(staticData, 'scope-b', ['k1'], 60, t0 + 30_000)).toEqual([true]);
		expect(rememberDeliveries(staticData, 'scope-c', ['k1'], 60, t0 + 200_000)).toEqual([false]);
		const many = Array.from({ length: MAX_STORED + 50 }, (_, i) => `key-${i}`);
		rememberDeliveries(staticData, 'scope-d', many, 60, t0 + 300_000);
		expect(Object.keys(staticData.seenEvents as IDataObject).length).toBe(MAX_STORED);
		// The oldest keys went first: the newest MAX_STORED are the ones kept, oldest first.
		expect(Object.keys(staticData.seenEvents as IDataObject)).toEqual(many.slice(50));
	});

	it('keeps up to MAX_REMEMBERED keys per node in memory, far more than it stores, and drops the oldest first', () => {
		const t0 = 4_000_000;
		const keys = Array.from({ length: MAX_REMEMBERED + 10 }, (_, i) => `busy-${i}`);
		// One delivery each, as a busy node receives them, with fresh static data (n8n 2.41 keeps none).
		keys.forEach((key, i) => expect(rememberDeliveries({}, 'scope-busy', [key], 3600, t0 + i)).toEqual([false]));
		expect(MAX_REMEMBERED).toBeGreaterThan(MAX_STORED);
		const later = t0 + keys.length;
		// The 10 oldest fell out of the bounded memory; the one that came right after them is still known.
		expect(rememberDeliveries({}, 'scope-busy', [keys[MAX_STORED * 2]], 3600, later)).toEqual([true]);
		expect(rememberDeliveries({}, 'scope-busy', [keys[10]], 3600, later)).toEqual([true]);
		expect(rememberDeliveries({}, 'scope-busy', [keys[0]], 3600, later)).toEqual([false]);
	});

	it('keeps at most MAX_REMEMBERED_TOTAL keys across nodes, taking them from the node that holds the most', () => {
		const t0 = 6_000_000;
		const nodes = Math.ceil(MAX_REMEMBERED_TOTAL / MAX_REMEMBERED) + 1;
		let at = t0;
		for (let node = 0; node < nodes; node++) {
			for (let i = 0; i < MAX_REMEMBERED; i++) rememberDeliveries({}, `scope-total-${node}`, [`n${node}-${i}`], 3600, at++);
		}
		const last = nodes - 1;
		// The newest node keeps its newest keys; the first node, the largest when the budget ran out, gave up its oldest.
		expect(rememberDeliveries({}, `scope-total-${last}`, [`n${last}-${MAX_REMEMBERED - 1}`], 3600, at)).toEqual([true]);
		expect(rememberDeliveries({}, 'scope-total-0', ['n0-0'], 3600, at)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-total-0', [`n0-${MAX_REMEMBERED - 1}`], 3600, at)).toEqual([true]);
	});

	it('remembers keys for as long as the platform retries when that is longer than the tolerance option', () => {
		// SmartRecruiters retries after 1, 3, 10, 45 minutes and on for about three days; TalentPools
		// (Svix) for about 28 hours; HrFlow.ai and PeopleForce document no retry; the generic sender's
		// defaults retry after 10 and 100 s.
		expect(redeliverySpanSeconds(platforms.smartrecruiters)).toBe((1 + 3 + 10 + 45 + 120 + 240 + 480 + 720 + 1440 + 1440) * 60);
		expect(redeliverySpanSeconds(platforms.talentpools)).toBe(5 + 300 + 1800 + 7200 + 18000 + 36000 + 36000);
		expect(redeliverySpanSeconds(platforms.hrflow)).toBe(0);
		expect(redeliverySpanSeconds(platforms.peopleforce)).toBe(0);
		expect(redeliverySpanSeconds(platforms['signed-webhook'])).toBe(110);
		expect(redeliveryWindowSeconds(platforms.smartrecruiters, 300)).toBe(redeliverySpanSeconds(platforms.smartrecruiters));
		expect(redeliveryWindowSeconds(platforms.peopleforce, 300)).toBe(300);
		expect(redeliveryWindowSeconds(platforms.peopleforce, undefined)).toBe(300);
		expect(redeliveryWindowSeconds(platforms['signed-webhook'], 60)).toBe(110);
		// A SmartRecruiters retry 437 s after the one before is past the 300 s tolerance, but within the
		// platform's schedule it is a redelivery.
		const t0 = 5_000_000;
		const window = redeliveryWindowSeconds(platforms.smartrecruiters, 300);
		expect(rememberDeliveries({}, 'scope-sr', ['event-1'], window, t0)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-sr', ['event-1'], window, t0 + 437_000)).toEqual([true]);
		expect(rememberDeliveries({}, 'scope-pf', ['body-1'], redeliveryWindowSeconds(platforms.peopleforce, 300), t0)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-pf', ['body-1'], redeliveryWindowSeconds(platforms.peopleforce, 300), t0 + 437_000)).toEqual([false]);
	});

	it('the in-process memory alone dedupes inside the window, and a key past it is new even behind a newer one', () => {
		const t0 = 3_000_000;
		// A fresh static data object every time: n8n 2.41 does not keep what a run's request wrote.
		expect(rememberDeliveries({}, 'scope-mem', ['a'], 60, t0)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-mem', ['a', 'b'], 60, t0 + 20_000)).toEqual([true, false]);
		expect(rememberDeliveries({}, 'scope-mem', ['a'], 60, t0 + 100_000)).toEqual([false]);
		// The clock set back: 'late' is stored after 'early' with an older time, so expiry (oldest
		// first) stops at 'early' and leaves 'late' behind it; 'late' is past the window all the same.
		expect(rememberDeliveries({}, 'scope-clock', ['early'], 60, t0 + 1_000_000)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-clock', ['late'], 60, t0 + 500_000)).toEqual([false]);
		expect(rememberDeliveries({}, 'scope-clock', ['late', 'early'], 60, t0 + 1_010_000)).toEqual([false, true]);
	});

	it('reads static data stored newest first (HireHooks 0.1) and still trims the oldest', () => {
		const t0 = 2_000_000;
		const seenEvents: IDataObject = {};
		for (let i = MAX_STORED - 1; i >= 0; i--) seenEvents[`old-${i}`] = t0 + i;
		const staticData: IDataObject = { seenEvents };
		expect(rememberDeliveries(staticData, 'scope-order', ['new-1', 'old-7'], 600, t0 + 1_000)).toEqual([false, true]);
		const kept = Object.keys(staticData.seenEvents as IDataObject);
		expect(kept).toHaveLength(MAX_STORED);
		expect(kept).not.toContain('old-0');
		expect(kept.slice(-2)).toEqual(['new-1', 'old-7']);
	});
});

describe('copy-assets', () => {
	it('is plain Node and copies exactly the asset kinds n8n loads', () => {
		const script = readFileSync(join(root, 'scripts', 'copy-assets.js'), 'utf8');
		expect(script).toMatch(/\.svg/);
		expect(script).toMatch(/\.node\.json/);
		expect(existsSync(dirname(join(root, 'scripts', 'copy-assets.js')))).toBe(true);
	});
});
