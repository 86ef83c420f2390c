/**
 * SmartRecruiters authentication, as its Customer API takes it:
 *  - OAuth 2.0 at /identity/oauth/token (client_credentials, authorization_code, refresh_token;
 *    developers.smartrecruiters.com/docs/authentication-oauth-client-credential and
 *    .../authentication-oauth-authorization-code), consent at /identity/oauth/allow, which the
 *    sandbox grants at once so that n8n's OAuth2 credential flow completes without a browser login;
 *  - an API key in the X-SmartToken header.
 * Token errors follow RFC 6749 §5.2; API errors follow SmartRecruiters' ErrorResponse.
 */
import { randomBytes } from 'node:crypto';
import { HttpError, json, parseBody, type RouteDefinition, type SandboxRequest, type SandboxResponse } from '../http/server-kit';
import { forbidden, unauthorized } from './api-errors';

export interface SmartRecruitersAuthOptions {
	clientId?: string;
	clientSecret?: string;
	apiKey?: string;
	/** Lifetime of access tokens. */
	tokenTtlSeconds?: number;
	/** Scopes a token gets when the client asks for none. */
	scopes?: string[];
}

export const SANDBOX_CLIENT_ID = 'sandbox-client';
export const SANDBOX_CLIENT_SECRET = 'sandbox-secret';
export const SANDBOX_API_KEY = 'sandbox-api-key';
export const DEFAULT_TOKEN_TTL_SECONDS = 1800;
/** Scope names as SmartRecruiters' docs and its webhooks demo client use them. */
export const DEFAULT_SCOPES = ['webhooks_manage', 'jobs_read', 'candidates_read', 'candidates_offers_read', 'approvals_read', 'user_me_read'];
const CODE_TTL_MS = 10 * 60 * 1000;

export interface Principal {
	kind: 'api-key' | 'oauth';
	clientId?: string;
	/** undefined: every scope (API keys carry all of them). */
	scopes?: string[];
}

interface IssuedToken {
	clientId: string;
	scopes: string[];
	expiresAt: number;
}

interface Grant {
	clientId: string;
	scopes: string[];
}

interface Code extends Grant {
	redirectUri: string;
	expiresAt: number;
}

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): HttpError {
	return new HttpError(status, { error, error_description: description }, { 'cache-control': 'no-store', ...headers });
}

function opaqueToken(prefix: string): string {
	return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export class SmartRecruitersAuth {
	readonly clientId: string;
	readonly clientSecret: string;
	readonly apiKey: string;
	private readonly ttlSeconds: number;
	private readonly defaultScopes: string[];
	private readonly accessTokens = new Map<string, IssuedToken>();
	private readonly refreshTokens = new Map<string, Grant>();
	private readonly codes = new Map<string, Code>();

	constructor(
		options: SmartRecruitersAuthOptions,
		private readonly now: () => number,
	) {
		this.clientId = options.clientId ?? SANDBOX_CLIENT_ID;
		this.clientSecret = options.clientSecret ?? SANDBOX_CLIENT_SECRET;
		this.apiKey = options.apiKey ?? SANDBOX_API_KEY;
		this.ttlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
		this.defaultScopes = options.scopes ?? DEFAULT_SCOPES;
	}

	routes(): RouteDefinition[] {
		return [
			{ name: 'oauth.token', method: 'POST', pattern: '/identity/oauth/token', handler: (request) => this.token(request) },
			{ name: 'oauth.allow', method: 'GET', pattern: '/identity/oauth/allow', handler: (request) => this.allow(request) },
		];
	}

	/** The caller of an API route, or a 401 in SmartRecruiters' shape. */
	authenticate(request: SandboxRequest): Principal {
		const smartToken = header(request, 'x-smarttoken');
		if (smartToken !== undefined) {
			if (smartToken === this.apiKey) return { kind: 'api-key' };
			throw unauthorized('The X-SmartToken API key is not valid.');
		}
		const authorization = header(request, 'authorization');
		if (authorization === undefined) {
			throw unauthorized('No credentials: send "Authorization: Bearer <access token>" (POST /identity/oauth/token) or "X-SmartToken: <API key>".');
		}
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
		if (bearer === null) throw unauthorized('The Authorization header must be "Bearer <access token>".');
		const token = this.accessTokens.get(bearer[1]);
		if (token === undefined) throw unauthorized('The access token is not valid.');
		if (token.expiresAt <= this.now()) throw unauthorized('The access token has expired: get a new one with the refresh token or the client credentials.');
		return { kind: 'oauth', clientId: token.clientId, scopes: token.scopes };
	}

	requireScope(principal: Principal, scope: string): void {
		if (principal.scopes !== undefined && !principal.scopes.includes(scope)) {
			throw forbidden(`The access token lacks the "${scope}" scope (it has: ${principal.scopes.join(' ') || 'none'}). Ask for it when authorizing.`);
		}
	}

	/** Forgets every token and code (a reset that includes authentication). */
	clear(): void {
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.codes.clear();
	}

	private token(request: SandboxRequest): SandboxResponse {
		const body = parseBody(request);
		const client = this.authenticateClient(request, body);
		const grantType = stringField(body, 'grant_type');
		switch (grantType) {
			case 'client_credentials':
				return this.issue({ clientId: client, scopes: this.requestedScopes(body.scope) }, false);
			case 'authorization_code': {
				const codeValue = stringField(body, 'code');
				const code = codeValue === undefined ? undefined : this.codes.get(codeValue);
				if (codeValue !== undefined) this.codes.delete(codeValue);
				if (code === undefined || code.clientId !== client || code.expiresAt <= this.now()) {
					throw oauthError(400, 'invalid_grant', 'The authorization code is unknown, expired, already used or issued to another client.');
				}
				const redirectUri = stringField(body, 'redirect_uri');
				if (redirectUri !== undefined && redirectUri !== code.redirectUri) {
					throw oauthError(400, 'invalid_grant', 'redirect_uri differs from the one the code was issued for.');
				}
				return this.issue(code, true);
			}
			case 'refresh_token': {
				const refreshValue = stringField(body, 'refresh_token');
				const grant = refreshValue === undefined ? undefined : this.refreshTokens.get(refreshValue);
				if (refreshValue === undefined || grant === undefined || grant.clientId !== client) {
					throw oauthError(400, 'invalid_grant', 'The refresh token is unknown, already used or issued to another client.');
				}
				this.refreshTokens.delete(refreshValue);
				return this.issue(grant, true);
			}
			case undefined:
				throw oauthError(400, 'invalid_request', 'grant_type is missing (client_credentials, authorization_code or refresh_token).');
			default:
				throw oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported; use client_credentials, authorization_code or refresh_token.`);
		}
	}

	private allow(request: SandboxRequest): SandboxResponse {
		const clientId = request.query.get('client_id');
		const redirectUri = request.query.get('redirect_uri');
		if (clientId !== this.clientId) throw oauthError(400, 'invalid_client', `Unknown client_id "${clientId ?? ''}"; the sandbox client is "${this.clientId}".`);
		let target: URL;
		try {
			target = new URL(redirectUri ?? '');
			if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http');
		} catch {
			throw oauthError(400, 'invalid_request', 'redirect_uri must be an absolute http(s) URL.');
		}
		const responseType = request.query.get('response_type');
		if (responseType !== null && responseType !== 'code') {
			target.searchParams.set('error', 'unsupported_response_type');
		} else {
			const code = opaqueToken('code_');
			this.codes.set(code, { clientId, redirectUri: redirectUri!, scopes: this.requestedScopes(request.query.get('scope') ?? undefined), expiresAt: this.now() + CODE_TTL_MS });
			target.searchParams.set('code', code);
		}
		const state = request.query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' } };
	}

	private authenticateClient(request: SandboxRequest, body: Record<string, unknown>): string {
		const authorization = header(request, 'authorization');
		let clientId = stringField(body, 'client_id');
		let clientSecret = stringField(body, 'client_secret');
		const basic = authorization === undefined ? null : /^Basic\s+(\S+)$/i.exec(authorization);
		if (basic !== null) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			clientId = decodeURIComponent(decoded.slice(0, colon));
			clientSecret = decodeURIComponent(decoded.slice(colon + 1));
		}
		if (clientId === undefined || clientSecret === undefined) {
			throw oauthError(401, 'invalid_client', 'Client authentication failed: send client_id and client_secret in the body or as HTTP Basic credentials.', {
				'www-authenticate': 'Basic realm="sandbox"',
			});
		}
		if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
			throw oauthError(401, 'invalid_client', `Client authentication failed: the sandbox client is "${this.clientId}" with its configured secret.`, {
				'www-authenticate': 'Basic realm="sandbox"',
			});
		}
		return clientId;
	}

	private requestedScopes(scope: unknown): string[] {
		const requested = typeof scope === 'string' ? scope.split(/[\s,]+/).filter(Boolean) : [];
		return requested.length > 0 ? requested : this.defaultScopes;
	}

	// RFC 6749 §4.4.3: no refresh token for client_credentials; the other grants get a rotating one.
	private issue(grant: Grant, withRefreshToken: boolean): SandboxResponse {
		const accessToken = opaqueToken('sat_');
		this.accessTokens.set(accessToken, { clientId: grant.clientId, scopes: grant.scopes, expiresAt: this.now() + this.ttlSeconds * 1000 });
		const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: this.ttlSeconds, scope: grant.scopes.join(' ') };
		if (withRefreshToken) {
			const refreshToken = opaqueToken('srt_');
			this.refreshTokens.set(refreshToken, { clientId: grant.clientId, scopes: grant.scopes });
			body.refresh_token = refreshToken;
		}
		return json(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
	}
}

function header(request: SandboxRequest, name: string): string | undefined {
	const value = request.headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
	const value = body[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
}
