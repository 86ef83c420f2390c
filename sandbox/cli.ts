/**
 * `node build/sandbox/cli.js [--port 4010] [--retry-scale 0.001] [--public-url http://host.docker.internal:4010] [--quiet]`
 * Runs the sandbox until Ctrl-C, then stops it cleanly.
 */
import { platformIds, platforms } from '../core';
import { manualPlatformIds } from './manual/endpoints';
import { createSandbox, type Sandbox } from './sandbox';
import { DEFAULT_RETRY_SCALE } from './retry-policies';
import { WEBHOOKS_API_BASE } from './smartrecruiters/subscriptions';

interface CliOptions {
	port: number;
	retryScale: number;
	publicUrl?: string;
	quiet: boolean;
}

const HELP = `HireHooks sandbox: a local emulator of the platforms (${platformIds.map((id) => platforms[id].displayName).join(', ')}),
for demos and end-to-end tests.

Options:
  --port <n>           port on 127.0.0.1 (default 4010; 0 picks a free one)
  --retry-scale <x>    multiplier for the platforms' retry delays (default ${DEFAULT_RETRY_SCALE}; 1 = real time)
  --public-url <url>   base URL receivers use to reach the sandbox (link headers), e.g. from Docker
  --quiet              no delivery log on stdout
  --help               this text`;

function parseArgs(argv: string[]): CliOptions | 'help' {
	const options: CliOptions = { port: 4010, retryScale: DEFAULT_RETRY_SCALE, quiet: false };
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split('=', 2);
		const value = (): string => {
			const next = inline ?? argv[++index];
			if (next === undefined) throw new Error(`${flag} needs a value.`);
			return next;
		};
		switch (flag) {
			case '--help':
			case '-h':
				return 'help';
			case '--port':
				options.port = Number(value());
				if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0-65535.');
				break;
			case '--retry-scale':
				options.retryScale = Number(value());
				if (!(options.retryScale > 0)) throw new Error('--retry-scale must be a positive number.');
				break;
			case '--public-url':
				options.publicUrl = value();
				break;
			case '--quiet':
				options.quiet = true;
				break;
			default:
				throw new Error(`Unknown option ${argv[index]} (see --help).`);
		}
	}
	return options;
}

export function usage(sandbox: Sandbox): string {
	const url = sandbox.url;
	const { clientId, clientSecret, apiKey } = sandbox.state.credentials;
	return `HireHooks sandbox on ${url}   (Ctrl-C stops it)

SmartRecruiters (real API paths; set the client's base URL to ${url})
  POST ${url}/identity/oauth/token          grant_type=client_credentials | authorization_code | refresh_token
  GET  ${url}/identity/oauth/allow          consents at once, redirects to redirect_uri?code=...
       client id "${clientId}", secret "${clientSecret}"; or header "X-SmartToken: ${apiKey}"
  ${WEBHOOKS_API_BASE}/subscriptions           POST create, GET list, GET|DELETE /{id}
       PUT /{id}/activation (X-Hook-Secret handshake), POST|GET /{id}/secret-key, GET /{id}/callbacks-log
  Entities for link headers: /jobs/{id}, /candidates/{id}, /candidates/{id}/jobs/{jobId}[/offers/{offerId}], ...

Other platforms (the "paste the URL" step)
  POST ${url}/_sandbox/endpoints            {"platform":"${manualPlatformIds.join('|')}","url":"...","events":[],"secrets":{...}}
  POST ${url}/_sandbox/endpoints/{id}/send-example   {"event":"job.posted"}

Common
  POST ${url}/_sandbox/emit                 {"platform":"...","event":"...","data"?:{...},"wait"?:true}
  GET  ${url}/_sandbox/deliveries?platform=&status=    delivery log
  POST ${url}/_sandbox/faults               {"route":"subscriptions.activate","status":503,"times":1}
  POST ${url}/_sandbox/reset   GET /_sandbox/health   GET /_sandbox/catalogue   GET /_sandbox/routes

Example
  curl -s -X POST ${url}/_sandbox/endpoints -H 'content-type: application/json' \\
    -d '{"platform":"peopleforce","url":"http://127.0.0.1:5678/webhook/peopleforce","secrets":{"secret":"s3cret"}}'
  curl -s -X POST ${url}/_sandbox/emit -H 'content-type: application/json' \\
    -d '{"platform":"peopleforce","event":"employee_create","wait":true}'
`;
}

async function main(): Promise<void> {
	let options: CliOptions | 'help';
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exitCode = 2;
		return;
	}
	if (options === 'help') {
		console.log(HELP);
		return;
	}
	const quiet = options.quiet;
	const sandbox = createSandbox({
		port: options.port,
		publicUrl: options.publicUrl,
		retrySchedule: { scale: options.retryScale },
		log: (line) => {
			if (!quiet) console.log(`[${new Date().toISOString()}] ${line}`);
		},
	});
	let stopping = false;
	const shutdown = (signal: string): void => {
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox...`);
		void sandbox.stop().then(() => console.log('stopped.'));
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	await sandbox.start();
	// A signal during start-up found nothing to stop yet.
	if (stopping) return void (await sandbox.stop());
	console.log(usage(sandbox));
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : String(error));
		process.exitCode = 1;
	});
}
