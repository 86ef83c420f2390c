/**
 * Signed-content templates such as `{timestamp}.{body}` or `v0:{timestamp}:{body}`: literal text
 * around three placeholders. The template is the user's, the values come from an unauthenticated
 * request, so both are bounded: the template's length and placeholders are capped when it is read,
 * header values by the delivery's header cap, the body appears at most once, and the parts go into
 * the HMAC one by one (the body is never copied into a joined string).
 */
import { memoizeKeyDerivation } from '../../crypto';
import { WebhookVerificationError } from '../../errors';

export type TemplatePart = { text: string } | { body: true } | { timestamp: true } | { header: string };

export const MAX_TEMPLATE_LENGTH = 256;
export const MAX_TEMPLATE_HEADERS = 8;

/** A fixed pattern: header names are matched by the HTTP token grammar, never turned into a regex. */
const PLACEHOLDER = /\{(body|timestamp|header:([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}))\}/g;

export const compileSignedContent = memoizeKeyDerivation(function compile(template: string): TemplatePart[] {
	if (template.length > MAX_TEMPLATE_LENGTH) {
		throw new WebhookVerificationError('invalid_secret', `The Signed Content template is ${template.length} characters long, over the ${MAX_TEMPLATE_LENGTH} allowed.`);
	}
	const parts: TemplatePart[] = [];
	let last = 0;
	for (const match of template.matchAll(PLACEHOLDER)) {
		if (match.index > last) parts.push({ text: template.slice(last, match.index) });
		if (match[1] === 'body') parts.push({ body: true });
		else if (match[1] === 'timestamp') parts.push({ timestamp: true });
		else parts.push({ header: match[2].toLowerCase() });
		last = match.index + match[0].length;
	}
	if (last < template.length) parts.push({ text: template.slice(last) });
	const literal = parts.filter((part): part is { text: string } => 'text' in part).map((part) => part.text);
	if (literal.some((text) => text.includes('{') || text.includes('}'))) {
		throw new WebhookVerificationError('invalid_secret', 'The Signed Content template has an unknown placeholder: use {body}, {timestamp} or {header:<name>}.');
	}
	if (parts.filter((part) => 'body' in part).length > 1) {
		throw new WebhookVerificationError('invalid_secret', 'The Signed Content template may contain {body} only once.');
	}
	if (parts.filter((part) => 'header' in part).length > MAX_TEMPLATE_HEADERS) {
		throw new WebhookVerificationError('invalid_secret', `The Signed Content template may name at most ${MAX_TEMPLATE_HEADERS} headers.`);
	}
	return parts;
});

export function templateUses(parts: TemplatePart[], what: 'body' | 'timestamp'): boolean {
	return parts.some((part) => what in part);
}

/** The HMAC input for a template: literal text, the raw body and header values in order. */
export function signedContentOf(parts: TemplatePart[], values: { body: Buffer | string; timestamp?: string; header: (name: string) => string }): Array<Buffer | string> {
	return parts.map((part) => {
		if ('text' in part) return part.text;
		if ('body' in part) return values.body;
		if ('timestamp' in part) {
			if (values.timestamp === undefined) {
				throw new WebhookVerificationError('invalid_secret', 'The Signed Content template uses {timestamp}, but no Timestamp Header is set.');
			}
			return values.timestamp;
		}
		return values.header(part.header);
	});
}
