/**
 * A small stand-in for the n8n contexts a trigger node sees (n8n publishes no test helpers):
 * IHookFunctions for webhookMethods, IWebhookFunctions for webhook(). Only what the nodes use is
 * real; everything else throws, so a node that starts relying on more fails loudly here.
 *
 * HTTP goes to a fake server function; like n8n's httpRequestWithAuthentication, a non-2xx answer
 * is thrown as a NodeApiError carrying `httpCode` (so OAuth2 could refresh first), and a 2xx answer
 * is returned as { statusCode, body, headers } when `returnFullResponse` is set.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHookFunctions, IHttpRequestOptions, INode, IWebhookFunctions, IWebhookResponseData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface FakeHttpResponse {
	statusCode: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface RecordedRequest {
	credentialType: string;
	method: string;
	url: string;
	qs?: IDataObject;
	body?: unknown;
}

export type FakeServer = (request: RecordedRequest) => Promise<FakeHttpResponse> | FakeHttpResponse;

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta?: unknown;
}

export interface HarnessOptions {
	parameters?: Record<string, unknown>;
	webhookUrl?: string;
	mode?: 'trigger' | 'manual' | 'webhook' | 'internal';
	/** The node's static data; pass the same object to several contexts to model what n8n keeps. */
	staticData?: IDataObject;
	credentials?: Record<string, IDataObject>;
	server?: FakeServer;
	node?: Partial<INode>;
	workflowId?: string;
}

export interface Harness {
	logs: LogLine[];
	requests: RecordedRequest[];
	staticData: IDataObject;
}

export const PRODUCTION_URL = 'https://n8n.example.com/webhook/3f1c8a2e-hook/webhook';
export const TEST_URL = 'https://n8n.example.com/webhook-test/3f1c8a2e-hook/webhook';

function base(options: HarnessOptions) {
	const harness: Harness = { logs: [], requests: [], staticData: options.staticData ?? {} };
	const node: INode = {
		id: 'node-1',
		name: 'Trigger',
		type: 'n8n-nodes-hirehooks.trigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...options.node,
	};
	const parameters = options.parameters ?? {};
	const logger = Object.fromEntries(
		(['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (message: string, meta?: unknown) => harness.logs.push({ level, message, meta })]),
	);
	const getNodeParameter = (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback);
	const getCredentials = async (type: string) => {
		const credential = options.credentials?.[type];
		if (credential === undefined) throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
		return credential as ICredentialDataDecryptedObject;
	};
	const httpRequestWithAuthentication = async (credentialType: string, request: IHttpRequestOptions) => {
		if (options.credentials?.[credentialType] === undefined) throw new Error(`No credential of type ${credentialType}`);
		const recorded: RecordedRequest = { credentialType, method: request.method ?? 'GET', url: request.url, qs: request.qs, body: request.body };
		harness.requests.push(recorded);
		if (options.server === undefined) throw new Error(`Unexpected request ${recorded.method} ${recorded.url}`);
		const answer = await options.server(recorded);
		if (answer.statusCode < 200 || answer.statusCode >= 300) {
			throw new NodeApiError(node, { message: `Request failed with status code ${answer.statusCode}`, httpCode: String(answer.statusCode) } as JsonObject, {
				httpCode: String(answer.statusCode),
			});
		}
		return request.returnFullResponse ? { statusCode: answer.statusCode, body: answer.body, headers: answer.headers ?? {} } : answer.body;
	};
	const common = {
		logger,
		getNode: () => node,
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-1', name: 'Workflow', active: true }),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error('Only node static data is used by HireHooks nodes');
			return harness.staticData;
		},
		getNodeParameter,
		getCredentials,
		getMode: () => options.mode ?? 'trigger',
		getNodeWebhookUrl: (name: string) => (name === 'default' ? (options.webhookUrl ?? PRODUCTION_URL) : undefined),
		getWebhookName: () => 'default',
	};
	return { harness, common, httpRequestWithAuthentication };
}

export function hookContext(options: HarnessOptions = {}): { context: IHookFunctions; harness: Harness } {
	const { harness, common, httpRequestWithAuthentication } = base(options);
	const context = strict({
		...common,
		getActivationMode: () => 'activate',
		helpers: { httpRequestWithAuthentication },
	}) as unknown as IHookFunctions;
	return { context, harness };
}

export interface FakeRequest {
	method?: string;
	headers: Record<string, string>;
	body: string | Buffer;
	/** Model n8n losing the raw body (a multipart parser). */
	withoutRawBody?: boolean;
}

export interface CapturedResponse {
	statusCode?: number;
	headers: Record<string, string>;
	body?: string;
	sentAt?: number;
	/** 'node': webhook() wrote the answer; 'n8n': a run, answered by n8n from the webhook description. */
	answeredBy?: 'node' | 'n8n';
}

export function webhookContext(request: FakeRequest, options: HarnessOptions = {}): { context: IWebhookFunctions; harness: Harness; response: CapturedResponse } {
	const { harness, common, httpRequestWithAuthentication } = base(options);
	const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
	const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
	const req = {
		method: request.method ?? 'POST',
		headers,
		rawBody: request.withoutRawBody ? undefined : raw,
		body: safeJson(raw.toString('utf8')),
		readRawBody: async () => undefined,
	};
	const response: CapturedResponse = { headers: {} };
	const res = {
		headersSent: false,
		statusCode: 200, // Node's default, as on a ServerResponse
		status(code: number) {
			response.statusCode = code;
			res.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = String(value);
			return res;
		},
		set(name: string, value: string) {
			return res.setHeader(name, value);
		},
		send(body?: string) {
			if (response.sentAt !== undefined) throw new Error('Response sent twice');
			response.body = body === undefined ? '' : String(body);
			response.sentAt = Date.now();
			res.headersSent = true;
			return res;
		},
		end(body?: string) {
			return res.send(body);
		},
	};
	const context = strict({
		...common,
		getRequestObject: () => req,
		getResponseObject: () => res,
		getHeaderData: () => headers,
		getBodyData: () => req.body,
		helpers: {
			httpRequestWithAuthentication,
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	}) as unknown as IWebhookFunctions;
	return { context, harness, response };
}

/** Runs a node's webhook() and asserts the invariants every HireHooks answer keeps. */
export async function receive(
	node: { webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>; description: { webhooks?: Array<Record<string, unknown>> } },
	request: FakeRequest,
	options: HarnessOptions = {},
): Promise<{ result: IWebhookResponseData; response: CapturedResponse; harness: Harness; items: IDataObject[] }> {
	const { context, harness, response } = webhookContext(request, options);
	const result = await node.webhook.call(context);
	if (result.workflowData !== undefined) {
		// A run: the node leaves the answer to n8n, which (onReceived, noData) sends the webhook's
		// responseCode with no body once it has registered the run. Played here as n8n 2.x does it.
		expect(result.noWebhookResponse).toBeUndefined();
		expect(response.sentAt).toBeUndefined();
		const webhook = node.description.webhooks?.[0] ?? {};
		expect([webhook.responseMode, webhook.responseData]).toEqual(['onReceived', 'noData']);
		// Through the response object, as n8n does: the node watches that answer (nodes/shared/webhook.ts).
		const res = context.getResponseObject();
		res.status(Number(webhook.responseCode ?? 200));
		res.end('');
		response.answeredBy = 'n8n';
	} else {
		// No run: the node answered itself, so n8n adds no body.
		expect(result.noWebhookResponse).toBe(true);
		expect(response.statusCode).toBeDefined();
		response.answeredBy = 'node';
	}
	const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return { result, response, harness, items };
}

/** Fails when any of `secrets` shows up in items, response bodies/headers or logged lines. */
export function expectNoSecretLeak(secrets: string[], ...places: unknown[]): void {
	const text = JSON.stringify(places, (_key, value) => (value instanceof Error ? { message: value.message, stack: value.stack } : value));
	for (const secret of secrets.filter((s) => s.length >= 6)) {
		expect(text.includes(secret)).toBe(false);
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return {};
	}
}

/** Any property the node reads that the harness does not provide is a test failure, not undefined. */
function strict<T extends object>(target: T): T {
	return new Proxy(target, {
		get(object, property, receiver) {
			if (typeof property === 'symbol' || property in object || property === 'then') return Reflect.get(object, property, receiver);
			throw new Error(`The test harness does not fake "${String(property)}"; add it if the node needs it.`);
		},
	});
}
