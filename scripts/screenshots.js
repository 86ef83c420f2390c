#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: the README's pictures of the n8n editor with a HireHooks trigger, taken by a
 * real browser. Starts the stack (sandbox + the pinned n8n with this pack, 127.0.0.1 only), deploys
 * the example workflows `npm start` deploys, has the sandbox send a few live, signed events, then drives
 * Debian's chromium (playwright-core; no browser is ever downloaded) through the editor as the owner
 * and writes PNGs into docs/screenshots/. Every picture is checked for what it claims to show and for
 * secrets before it is written. Stops everything and exits non-zero with the reason on any failure.
 *
 * Needs `npm run build`, the compiled sandbox (both done by the npm script) and `apt-get install chromium`.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const stackLib = require('./lib/stack');
const { deployExampleWorkflows } = require('./lib/examples');

const OUT_DIR = path.join(stackLib.REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
// Everything a fresh Chromium would fetch from the internet on its own, off: the stack is loopback only.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1440, height: 900 };
const MAX_PNG_BYTES = 400 * 1024;
// Two shared cores and other n8n stacks beside us: the editor can take long to render.
const UI_TIMEOUT_MS = 60000;

const log = (line) => console.log(line);

/** The live deliveries made before the browser starts, so the executions list is not a lone entry. */
const LIVE_EVENTS = [
	['talentpools', 'freelancer.registered'],
	['smartrecruiters', 'application.created'],
	['talentpools', 'job.posted'],
];
/** The one opened in the executions view. */
const PICTURED_EVENT = ['talentpools', 'job.posted'];

async function main() {
	const started = Date.now();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's with \`apt-get install chromium\` (this script never downloads a browser)`);
	let playwright;
	try {
		playwright = require('playwright-core');
	} catch {
		throw new Error('playwright-core is missing: run `npm install` (it is a devDependency)');
	}
	const { chromium, selectors } = playwright;
	// n8n's editor marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');

	log('HireHooks screenshots: sandbox + real n8n + the pack, driven by Chromium');
	const stack = await stackLib.startStack({ log: (line) => (line.startsWith('[sandbox]') ? undefined : log(`  ${line}`)) });
	let context;
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirehooks-chromium-'));
	try {
		const deployed = await deployExampleWorkflows(stack, { log });
		const live = [];
		for (const [platformId, event] of LIVE_EVENTS) {
			const { eventId } = await stackLib.emit(stack, platformId, event);
			const executionId = await executionOfEvent(stack, deployed[platformId].workflowId, eventId);
			live.push({ platformId, event, eventId, executionId });
			log(`  ✔ live ${platformId} ${event} (${eventId}) → execution ${executionId}`);
		}

		context = await chromium.launchPersistentContext(profileDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
		});
		const page = context.pages()[0] || (await context.newPage());
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		page.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
		const forbidden = [...stack.secretValues(), stack.apiKey, stack.owner.password].filter(Boolean);

		await logIn(page, stack);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const shots = [];
		const shoot = async (name, claim, { clip } = {}) => {
			await assertNoSecrets(page, forbidden);
			await assertNothingCovers(page);
			const file = path.join(OUT_DIR, name);
			await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
			const bytes = fs.statSync(file).size;
			if (bytes > MAX_PNG_BYTES) throw new Error(`${name} is ${kb(bytes)}, more than ${kb(MAX_PNG_BYTES)}: crop it or simplify the view`);
			shots.push({ name, bytes });
			log(`  ✔ ${path.relative(stackLib.REPO_ROOT, file)} (${kb(bytes)}): ${claim}`);
		};

		const talentPools = deployed.talentpools;
		await openWorkflow(page, stack, talentPools.workflowId);
		await page.getByTestId('canvas-node').getByText('Edit Fields').waitFor();
		await settle(page);
		await shoot('n8n-canvas.png', 'the TalentPools example workflow, trigger → Edit Fields, published');

		await page.getByTestId('canvas-trigger-node').first().dblclick();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		await ndv.getByTestId('parameter-input-events').waitFor();
		const output = ndv.getByTestId('output-panel');
		await output.getByTestId('radio-button-schema').click();
		await output.getByTestId('ndv-data-container').getByText('freelancer.registered').first().waitFor();
		await settle(page);
		await shoot('n8n-trigger-output.png', "the trigger's parameters and its pinned sample items (schema view)");

		await ndv.getByTestId('parameter-input-events').click();
		await page.getByRole('listbox').getByText('(customer.registered)').first().waitFor();
		await settle(page, { keepMouse: true });
		await shoot('n8n-trigger-events.png', 'the Events selector, filled from the platform catalogue', { clip: await eventsClip(page, ndv) });
		await page.keyboard.press('Escape');

		const execution = live.find((delivery) => delivery.platformId === PICTURED_EVENT[0] && delivery.event === PICTURED_EVENT[1]);
		const executed = deployed[execution.platformId];
		await page.goto(`${stack.n8n.baseUrl}/workflow/${executed.workflowId}/executions/${execution.executionId}`);
		await page.getByTestId('execution-preview-details-' + execution.executionId).waitFor();
		await page.getByTestId('canvas-node').getByText('Edit Fields').waitFor();
		await dismissOnboarding(page);
		await showTriggerInLogs(page, executed.triggerName);
		await page.getByTestId('log-details-output').getByText(execution.eventId).first().waitFor();
		await settle(page);
		await shoot('n8n-execution.png', `the live ${execution.event} execution ${execution.executionId} and the trigger's output item`);

		log(`\n${shots.length} screenshots in ${path.relative(stackLib.REPO_ROOT, OUT_DIR)}/ (${((Date.now() - started) / 1000).toFixed(0)} s)`);
	} finally {
		if (context) await context.close().catch((error) => log(`  (closing Chromium: ${error.message})`));
		fs.rmSync(profileDir, { recursive: true, force: true });
		await stack.stop();
	}
}

/** The id of the workflow's execution whose trigger output carries `eventId`. */
async function executionOfEvent(stack, workflowId, eventId) {
	return stackLib.waitFor(
		`the execution of event ${eventId}`,
		async () => {
			const executions = await stackLib.executionsOf(stack, workflowId);
			const match = executions.find((execution) => (execution.finished || execution.stoppedAt) && stackLib.itemsOf(execution).some((item) => item.id === eventId));
			return match ? { done: true, value: String(match.id) } : { why: `${executions.length} execution(s) seen` };
		},
		{ timeoutMs: 30000, intervalMs: 250 },
	);
}

/** The sign-in form, as a person would use it: the session cookie is bound to the browser's own id. */
async function logIn(page, stack) {
	await page.goto(`${stack.n8n.baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(stack.owner.email);
	await page.locator('input[name="password"]').fill(stack.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

async function openWorkflow(page, stack, workflowId) {
	await page.goto(`${stack.n8n.baseUrl}/workflow/${workflowId}`);
	await page.getByTestId('canvas-trigger-node').first().waitFor();
	// The checklist follows the "Published" badge within a tick; waiting for the badge first keeps the wait short.
	await page.getByTestId('workflow-active-version-indicator').waitFor();
	await dismissOnboarding(page, { checklistWaitMs: 5000 });
}

/**
 * What n8n 2.41 shows a new owner over the canvas: the "Production Checklist" popover, opened once per
 * workflow as soon as the editor learns that the workflow is published, and survey modals (the
 * personalization survey is off in the stack's environment, an NPS survey can still come). Each is
 * closed when it is there; none is required to appear.
 */
async function dismissOnboarding(page, { checklistWaitMs = 0 } = {}) {
	const checklistClose = page.getByTestId('suggested-actions-close');
	if (checklistWaitMs > 0) await checklistClose.waitFor({ timeout: checklistWaitMs }).catch(() => {});
	if (await checklistClose.isVisible()) {
		await checklistClose.click();
		await checklistClose.waitFor({ state: 'hidden' });
	}
	for (const modal of ['personalization-form', 'nps-survey-modal']) {
		const dialog = page.getByTestId(modal);
		if (await dialog.isVisible()) {
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
		}
	}
}

/** Fails when onboarding is still in the way, rather than committing a picture of it. */
async function assertNothingCovers(page) {
	for (const covering of ['suggested-actions-close', 'personalization-form', 'nps-survey-modal']) {
		if (await page.getByTestId(covering).isVisible()) throw new Error(`n8n's ${covering} is covering the editor; no screenshot taken`);
	}
}

/** Opens the executions view's logs panel on `nodeName`, in the schema view, taller than its default. */
async function showTriggerInLogs(page, nodeName) {
	const panel = page.getByTestId('logs-panel');
	if (!(await page.getByTestId('logs-overview-body').isVisible())) await page.getByTestId('logs-overview-header').click();
	await page.getByTestId('logs-overview-body').getByText(nodeName, { exact: true }).click();
	const details = page.getByTestId('log-details-output');
	await details.getByTestId('radio-button-schema').click();
	// The panel opens at a third of the window; dragging its top edge up leaves room for the item.
	const box = await panel.boundingBox();
	if (box) {
		await page.mouse.move(box.x + box.width / 2, box.y + 1);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2, VIEWPORT.height * 0.4, { steps: 8 });
		await page.mouse.up();
	}
}

/** The parameters column and the open Events dropdown (wider than the column), without the empty input column. */
async function eventsClip(page, ndv) {
	const column = await ndv.getByTestId('node-parameters').evaluate((element) => {
		// The column is the outermost ancestor still narrower than half the node view.
		const limit = element.closest('[data-test-id="ndv"]').getBoundingClientRect().width / 2;
		let node = element;
		while (node.parentElement && node.parentElement.getBoundingClientRect().width < limit) node = node.parentElement;
		const { x, y, width, height } = node.getBoundingClientRect();
		return { x, y, width, height };
	});
	const dropdown = await page.getByRole('listbox').filter({ visible: true }).first().boundingBox();
	const left = Math.floor(column.x);
	const right = Math.ceil(Math.max(column.x + column.width, dropdown ? dropdown.x + dropdown.width + 3 : 0));
	return { x: left, y: Math.floor(column.y), width: Math.min(VIEWPORT.width, right) - left, height: Math.ceil(column.height) };
}

/** Fonts loaded, hover toolbars and tooltips gone, pending frames painted. */
async function settle(page, { keepMouse = false } = {}) {
	if (!keepMouse) await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
	await page.evaluate(() => document.fonts.ready);
	await page
		.locator('[role="tooltip"]:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5000 })
		.catch(() => {});
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Fails when any secret the stack handed out is on the page, as text or in a field. */
async function assertNoSecrets(page, secrets) {
	const shown = await page.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll('input, textarea')].map((field) => field.value)].join('\n'));
	if (secrets.some((secret) => shown.includes(secret))) throw new Error('a secret is visible on the page; no screenshot taken');
}

function kb(bytes) {
	return `${Math.round(bytes / 1024)} KB`;
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(`\n✖ screenshots failed: ${error.stack || error}`);
		process.exit(1);
	},
);
