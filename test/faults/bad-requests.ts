/** The bad requests of the bad-input run (malformed, forged, stale, replayed, wrong method), sent raw, and the readiness watch beside them. */
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { encryptTalentPoolsMessage, platforms, signDelivery, type PlatformId, type SignedDelivery } from '../../core';
import { examplesOf } from '../../core/platforms/examples';
import { type Deployed, sleep } from '../e2e/helpers';
import type { Sent } from './fault-deliveries';
import { FAULT_ID } from './stored-executions';

export interface BadRequest {
	kind: string;
	platform: PlatformId;
	method: string;
	headers: Record<string, string | string[]>;
	body: Buffer | string;
	/** Replays: answered with the success status and an empty body, no run. */
	replay?: boolean;
}
export interface Answer {
	status: number;
	text: string;
	headers: http.IncomingHttpHeaders;
	error?: string;
}

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
}

function withHeader(headers: Record<string, string>, name: string, value: string): Record<string, string> {
	return { ...withoutHeader(headers, name), [name]: value };
}

/** `body` signed correctly with the credential's secret, as an authentic sender with a broken body would send it. */
function signRawBody(platform: PlatformId, secrets: Record<string, unknown>, body: string, contentType: string, eventName: string): Record<string, string> {
	return examplesOf(platform).signRawBody(body, contentType, eventName, secrets);
}

/** A signature of the platform's format that matches nothing. */
function randomSignature(platform: PlatformId, secrets: Record<string, unknown>): string {
	return examplesOf(platform).forgedSignature(secrets);
}

/** One of each kind of bad request for a platform; `recent` are delivered genuine events to replay. */
export function badRequestsFor(platform: PlatformId, target: Deployed, faultId: string, recent: Sent[]): BadRequest[] {
	const definition = platforms[platform].events[0];
	const secrets = target.secrets;
	const data = { ...(definition.sample as Record<string, unknown>), [FAULT_ID]: faultId };
	const input = { event: definition.name, data, id: platform === 'smartrecruiters' ? randomUUID() : `msg_${randomUUID()}`, meta: definition.sampleMeta };
	const good: SignedDelivery = signDelivery(platform, input, secrets);
	const signatureHeader = examplesOf(platform).signatureHeader(secrets);
	const out: BadRequest[] = [];
	const add = (kind: string, request: Omit<BadRequest, 'kind' | 'platform'>): void => void out.push({ kind, platform, ...request });
	const post = (headers: Record<string, string | string[]>, body: Buffer | string) => ({ method: 'POST', headers, body });

	const otherSecrets = { ...secrets, ...examplesOf(platform).randomSecrets() };
	if (platform === 'talentpools') (otherSecrets as Record<string, unknown>).encryptionKey = secrets.encryptionKey;
	const forged = signDelivery(platform, input, otherSecrets);
	add('signed with another secret', post(forged.headers, forged.body));
	add('wrong signature', post(withHeader(good.headers, signatureHeader, randomSignature(platform, secrets)), good.body));
	add('missing signature header', post(withoutHeader(good.headers, signatureHeader), good.body));
	add('garbled signature header', post(withHeader(good.headers, signatureHeader, '%%% not a signature %%%'), good.body));
	const goodSignature = Object.entries(good.headers).find(([name]) => name.toLowerCase() === signatureHeader.toLowerCase())?.[1] ?? randomSignature(platform, secrets);
	add('duplicated signature header', post({ ...withoutHeader(good.headers, signatureHeader), [signatureHeader]: [goodSignature, randomSignature(platform, secrets)] }, good.body));
	add('oversized header', post({ ...good.headers, 'x-padding': 'x'.repeat(20 * 1024) }, good.body));
	add('truncated body', post(good.headers, good.body.slice(0, Math.floor(good.body.length / 2))));
	add('garbage body', post(good.headers, randomBytes(512)));
	add('empty body', post(good.headers, ''));
	const garbage = `{"not": "a ${platform} event", ${randomBytes(8).toString('hex')}`;
	add('signed garbage body', post(signRawBody(platform, secrets, garbage, 'application/json', definition.name), garbage));
	const boundary = `----hirehooks${randomBytes(8).toString('hex')}`;
	const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${good.body}\r\n--${boundary}--\r\n`;
	add('multipart body (wrong content type), signed', post(signRawBody(platform, secrets, multipart, `multipart/form-data; boundary=${boundary}`, definition.name), multipart));
	add('text/plain garbage, unsigned', post({ 'content-type': 'text/plain' }, `hello ${platform}`));
	add('wrong method GET', { method: 'GET', headers: withoutHeader(good.headers, 'content-type'), body: '' });
	add('wrong method PUT', { method: 'PUT', headers: good.headers, body: good.body });
	add('wrong method DELETE', { method: 'DELETE', headers: good.headers, body: good.body });

	const tolerance = platforms[platform].defaultToleranceSeconds;
	if (tolerance !== undefined) {
		const stale = signDelivery(platform, { ...input, occurredAt: new Date() }, secrets, { now: new Date(Date.now() - (tolerance + 120) * 1000) });
		add('stale timestamp', post(stale.headers, stale.body));
		const future = signDelivery(platform, { ...input, occurredAt: new Date() }, secrets, { now: new Date(Date.now() + (tolerance + 120) * 1000) });
		add('timestamp in the future', post(future.headers, future.body));
	}
	if (platform === 'smartrecruiters') {
		add('missing event-name header', post(withoutHeader(good.headers, 'event-name'), good.body));
		add('non-numeric timestamp', post(withHeader(good.headers, 'smartrecruiters-timestamp', 'yesterday'), good.body));
	}
	if (platform === 'talentpools') {
		// The event time inside the encryption, two hours old (beyond any tolerance a user would set).
		const staleEvent = signDelivery<PlatformId>(platform, { ...input, occurredAt: new Date(Date.now() - 2 * 3600 * 1000) }, secrets);
		add('stale encrypted event time', post(staleEvent.headers, staleEvent.body));
		add('missing svix-id', post(withoutHeader(good.headers, 'svix-id'), good.body));
		const wrongKey = JSON.stringify({
			message: encryptTalentPoolsMessage(JSON.stringify({ eventType: definition.name, timestamp: new Date().toISOString(), data }), randomBytes(16).toString('hex')),
		});
		add('encrypted with another key, signed', post(signRawBody(platform, secrets, wrongKey, 'application/json', definition.name), wrongKey));
		const garbageMessage = JSON.stringify({ message: `${randomBytes(16).toString('hex')}.${randomBytes(512 * 1024).toString('hex')}` });
		add('1 MB garbage ciphertext, signed', post(signRawBody(platform, secrets, garbageMessage, 'application/json', definition.name), garbageMessage));
		const badShape = JSON.stringify({ message: 'zz.not-hex' });
		add('message not <iv>.<ciphertext>, signed', post(signRawBody(platform, secrets, badShape, 'application/json', definition.name), badShape));
	}
	// Replays: exactly what the sandbox sent for an event n8n already accepted.
	if (recent.length > 0) {
		const source = recent[Math.floor(Math.random() * recent.length)];
		const accepted = source.record.attempts.find((a) => a.ok);
		if (accepted) add('replay of a delivered request', { method: accepted.request.method, headers: accepted.request.headers, body: accepted.request.body, replay: true });
	}
	return out;
}

/** Sends a request exactly as given (duplicate headers, any method, raw bytes), without keep-alive. */
export function send(url: string, request: BadRequest): Promise<Answer> {
	return new Promise((resolve) => {
		const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
		const headers: Record<string, string | string[]> = { ...request.headers };
		if (body.length > 0 || !['GET', 'HEAD', 'DELETE'].includes(request.method)) headers['content-length'] = String(body.length);
		const outgoing = http.request(url, { method: request.method, headers, agent: false, timeout: 60000 }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
			response.on('error', (error) => resolve({ status: 0, text: '', headers: {}, error: error.message }));
		});
		outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 60 s')));
		outgoing.on('error', (error) => resolve({ status: 0, text: '', headers: {}, error: error.message }));
		outgoing.end(body);
	});
}

/** Probes n8n's readiness endpoints every 500 ms until stopped. */
export function watchHealth(urls: () => string[]): { stop(): Promise<{ probes: number; failures: string[] }> } {
	let stopped = false;
	let probes = 0;
	const failures: string[] = [];
	const loop = (async () => {
		while (!stopped) {
			for (const url of urls()) {
				probes++;
				try {
					const response = await fetch(url, { signal: AbortSignal.timeout(15000) });
					await response.arrayBuffer();
					if (response.status !== 200) failures.push(`${url}: ${response.status}`);
				} catch (error) {
					failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
				}
			}
			await sleep(500);
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			return { probes, failures };
		},
	};
}
