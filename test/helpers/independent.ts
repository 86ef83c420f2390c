/**
 * Signatures made by code we did not write: the svix and standardwebhooks packages, Python's
 * hmac/json/urllib exactly as the seeds use them, and openssl. Tests compare the core against these.
 */
import { execFileSync } from 'node:child_process';

export function python(script: string, input: string): string {
	return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' }).trim();
}

/** The HrFlow seed's check_signature, verbatim in logic: parse_qs, first values, compact json.dumps, hexdigest. */
export const HRFLOW_SEED_CHECK_FORM = `
import hmac, hashlib, json, sys, urllib.parse
req = json.loads(sys.stdin.read())
secret, signature, body_str = req["secret"], req["signature"], req["body"]
body_dict = urllib.parse.parse_qs(body_str)
body_dict = {key: value[0] for key, value in body_dict.items()}
encoded_body = json.dumps(body_dict, separators=(',', ':'))
dig = hmac.new(secret.encode('utf8'), encoded_body.encode('utf8'), hashlib.sha256).hexdigest()
print(hmac.compare_digest(dig, signature))
`;

/** The HrFlow seed's verify_webhook over a JSON event (json.loads then compact json.dumps). */
export const HRFLOW_SEED_SIGN_JSON = `
import hmac, hashlib, json, sys
req = json.loads(sys.stdin.read())
event = json.loads(req["body"])
message = json.dumps(event, separators=(",", ":")).encode()
print(hmac.new(req["secret"].encode(), message, hashlib.sha256).hexdigest())
`;

/** The PeopleForce seed's Python verify_signature. */
export const PEOPLEFORCE_SEED_CHECK = `
import hmac, hashlib, json, sys
req = json.loads(sys.stdin.read())
hash_object = hmac.new(key=req["secret"].encode('utf-8'), msg=req["body"].encode('utf-8'), digestmod=hashlib.sha256)
expected_signature = 'sha256=' + hash_object.hexdigest()
print(hmac.compare_digest(expected_signature, req["signature"]))
`;

/** The HrFlow seed's PHP parse_signed_request, in Python: sign the still-encoded payload, raw digest, base64url. */
export const HRFLOW_SIGNED_REQUEST = `
import hmac, hashlib, json, sys, base64
req = json.loads(sys.stdin.read())
payload = base64.urlsafe_b64encode(json.dumps(req["event"], separators=(",", ":")).encode()).decode().rstrip("=")
sig = base64.urlsafe_b64encode(hmac.new(req["secret"].encode(), payload.encode(), hashlib.sha256).digest()).decode().rstrip("=")
print(sig + "." + payload)
`;

export function opensslHmac(algorithm: 'sha1' | 'sha256' | 'sha512', key: string, content: string | Buffer, encoding: 'hex' | 'base64'): string {
	const raw = execFileSync('openssl', ['dgst', `-${algorithm}`, '-hmac', key, '-binary'], { input: content });
	return encoding === 'hex' ? raw.toString('hex') : raw.toString('base64');
}

/** SmartRecruiters' worked example (developers.smartrecruiters.com, "Generate a secret key for a webhook subscription"). */
export const SMARTRECRUITERS_DOCUMENTED = {
	secrets: { secret: 'HeBVky2bccvvkcXPimH8c' },
	delivery: {
		headers: {
			'content-type': 'application/json',
			'smartrecruiters-signature': 'v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f',
			'smartrecruiters-timestamp': '1574080897',
			'event-id': '123',
			link: '<http://smartrecruiters.com/endpoint>; rel=self',
			'event-name': 'application.created',
			'event-version': 'v201910',
		},
		body: '{"job_id":"jid","candidate_id":"cid"}',
	},
	/** Five seconds after it was signed, inside the window. */
	now: new Date(1574080897_000 + 5_000),
};
