/**
 * SmartRecruiters polling triggers against a nock'd Customer API (no real network): paging, the window,
 * stable dedupe ids, newest first, each candidate fetched once, real items for the editor's test when
 * the window is empty, readable API errors, and both sign-ins (API key, the default integration; OAuth2,
 * the smartrecruiters-oauth integration).
 */
import nock from 'nock';
import { POLL_WINDOW_HOURS } from '../src';
import { appOf, testerOf } from './helpers';

const API = 'https://api.smartrecruiters.com';
const authData = { access_token: 'sr-access-token', refresh_token: 'sr-refresh-token' };
const app = appOf('smartrecruiters', 'oauth');
const apiKeyApp = appOf('smartrecruiters');

// One clock for the fixtures: a record created and updated "3 hours ago" must carry the same time, not two a millisecond apart.
const fixtureNow = Date.now();
const hoursAgo = (hours: number) => new Date(fixtureNow - hours * 3600 * 1000).toISOString();

function candidate(id: string, createdHoursAgo: number, updatedHoursAgo: number, assignments: Array<{ jobId: string; status: string }> = []) {
	const [primary, ...secondary] = assignments.map((a) => ({ job: { id: a.jobId, title: `Job ${a.jobId}` }, status: a.status, subStatus: null }));
	return {
		id,
		internal: false,
		firstName: `First ${id}`,
		lastName: `Last ${id}`,
		email: `${id}@example.com`,
		createdOn: hoursAgo(createdHoursAgo),
		updatedOn: hoursAgo(updatedHoursAgo),
		primaryAssignment: primary ?? null,
		secondaryAssignments: secondary,
	};
}

function job(id: string, createdHoursAgo: number, updatedHoursAgo: number) {
	return {
		id,
		title: `Job ${id}`,
		refNumber: `REF-${id}`,
		status: 'SOURCING',
		postingStatus: 'PUBLIC',
		createdOn: hoursAgo(createdHoursAgo),
		updatedOn: hoursAgo(updatedHoursAgo),
	};
}

/** Pages of a list endpoint; checks the bearer token, the limit and the window of every request. */
function listPages(path: string, pages: unknown[][]) {
	pages.forEach((content, i) => {
		nock(API, { reqheaders: { authorization: `Bearer ${authData.access_token}` } })
			.get(path)
			.query((query) => {
				const since = Date.parse(String(query.updatedAfter));
				const expected = Date.now() - POLL_WINDOW_HOURS * 3600 * 1000;
				return query.limit === '100' && Math.abs(since - expected) < 60_000 && (i === 0 ? query.pageId === undefined : query.pageId === `page-${i}`);
			})
			.reply(200, { limit: 100, content, ...(i < pages.length - 1 ? { nextPageId: `page-${i + 1}` } : {}) });
	});
}

/** Status history of one application; returns the changedOn times it serves. */
function history(candidateId: string, jobId: string, entries: Array<[status: string, hoursAgo: number]>): string[] {
	const content = entries.map(([status, h]) => ({ status, changedOn: hoursAgo(h) }));
	nock(API).get(`/candidates/${candidateId}/jobs/${jobId}/status/history`).reply(200, { totalFound: content.length, content });
	return content.map((e) => e.changedOn);
}

const sampleOf = (key: string) => (app.triggers[key].operation as { sample: Record<string, any> }).sample;
/** A polled item has the keys its trigger's sample promises, and its application the same fields. */
function expectSampleShape(key: string, item: Record<string, any>) {
	expect(Object.keys(item).sort()).toEqual(Object.keys(sampleOf(key)).sort());
	if (item.application !== undefined) expect(Object.keys(item.application).sort()).toEqual(Object.keys(sampleOf(key).application).sort());
}

async function poll(key: string, meta: Record<string, unknown> = {}) {
	return (await testerOf(app)((app.triggers[key].operation as unknown as { perform: never }).perform, { authData, meta } as never)) as Array<Record<string, any>>;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	expect(nock.pendingMocks()).toEqual([]);
	nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('SmartRecruiters polling triggers', () => {
	it('new candidate: candidates created inside the window across pages, id = candidate id, newest first, each once', async () => {
		const fresh = candidate('c-new', 2, 1);
		const older = candidate('c-old', 400, 3);
		const newest = candidate('c-newest', 0.5, 0.5);
		listPages('/candidates', [
			[fresh, older],
			[newest, fresh],
		]);
		const items = await poll('candidate_created');
		expect(items.map((i) => i.id)).toEqual(['c-newest', 'c-new']);
		expect(items[0]).toEqual({ id: 'c-newest', event: 'candidate.created', occurredAt: newest.createdOn, data: { id: 'c-newest' }, candidate: newest });
		expectSampleShape('candidate_created', items[0]);
	});

	it('updated candidate: id = candidate id + updatedOn, so the same state dedupes and a new update does not', async () => {
		const edited = candidate('c-1', 48, 2);
		const untouched = candidate('c-2', 1, 1);
		listPages('/candidates', [[edited, untouched]]);
		const first = await poll('candidate_updated');
		expect(first.map((i) => i.id)).toEqual([`c-1:${edited.updatedOn}`]);

		listPages('/candidates', [[edited]]);
		expect((await poll('candidate_updated')).map((i) => i.id)).toEqual(first.map((i) => i.id));

		const editedAgain = { ...edited, updatedOn: hoursAgo(0.1) };
		listPages('/candidates', [[editedAgain]]);
		expect((await poll('candidate_updated')).map((i) => i.id)).toEqual([`c-1:${editedAgain.updatedOn}`]);
	});

	it('job created and job updated', async () => {
		const created = job('j-1', 3, 3);
		const updated = job('j-2', 100, 1);
		listPages('/jobs', [[created, updated]]);
		expect((await poll('job_created')).map((i) => [i.id, i.event])).toEqual([['j-1', 'job.created']]);
		listPages('/jobs', [[created, updated]]);
		expect(await poll('job_updated')).toEqual([{ id: `j-2:${updated.updatedOn}`, event: 'job.updated', occurredAt: updated.updatedOn, data: { id: 'j-2' }, job: updated }]);
	});

	it('new application: first status-history entry inside the window, id = candidate id + job id', async () => {
		const person = candidate('c-9', 500, 1, [
			{ jobId: 'j-new', status: 'NEW' },
			{ jobId: 'j-old', status: 'INTERVIEW' },
		]);
		listPages('/candidates', [[person]]);
		const [appliedOn] = history('c-9', 'j-new', [['NEW', 2]]);
		history('c-9', 'j-old', [
			['NEW', 300],
			['INTERVIEW', 1],
		]);
		const items = await poll('application_created');
		expectSampleShape('application_created', items[0]);
		expect(items).toEqual([
			{
				id: 'c-9:j-new',
				event: 'application.created',
				occurredAt: appliedOn,
				data: { jobId: 'j-new', candidateId: 'c-9' },
				candidate: person,
				application: { candidateId: 'c-9', jobId: 'j-new', jobTitle: 'Job j-new', status: 'NEW', subStatus: null, statusChangedOn: appliedOn, appliedOn },
			},
		]);
	});

	it('application status changed: each later history entry inside the window, id with its time', async () => {
		const person = candidate('c-5', 500, 0.2, [{ jobId: 'j-1', status: 'OFFERED' }]);
		listPages('/candidates', [[person]]);
		const [applied, , interview, offered] = history('c-5', 'j-1', [
			['NEW', 300],
			['IN_REVIEW', 50],
			['INTERVIEW', 5],
			['OFFERED', 0.2],
		]);
		const items = await poll('application_status_updated');
		expect(items.map((i) => [i.id, i.occurredAt, i.application.status])).toEqual([
			[`c-5:j-1:${offered}`, offered, 'OFFERED'],
			[`c-5:j-1:${interview}`, interview, 'INTERVIEW'],
		]);
		expectSampleShape('application_status_updated', items[0]);
		expect(items[0]).toMatchObject({
			event: 'application.status.updated',
			data: { jobId: 'j-1', candidateId: 'c-5' },
			application: { appliedOn: applied, statusChangedOn: offered },
		});
	});

	it('an empty account gives no items', async () => {
		listPages('/candidates', [[]]);
		expect(await poll('candidate_created')).toEqual([]);
	});

	it('tests the connection with GET /user-api/v201804/users/me and labels it with the user', async () => {
		nock(API, { reqheaders: { authorization: `Bearer ${authData.access_token}` } })
			.get('/user-api/v201804/users/me')
			.reply(200, { id: 'u-1', firstName: 'Rosa', lastName: 'Diaz', email: 'rosa@example.com' });
		const me = (await testerOf(app)(app.authentication!.test as never, { authData } as never)) as Record<string, string>;
		expect(me).toMatchObject({ firstName: 'Rosa', email: 'rosa@example.com' });
		expect(app.authentication?.connectionLabel).toContain('{{bundle.inputData.email}}');
	});

	it('fetches the history of a candidate on two pages once', async () => {
		const moved = candidate('c-moved', 500, 2, [{ jobId: 'j-1', status: 'NEW' }]);
		const movedLater = { ...moved, updatedOn: hoursAgo(1) };
		listPages('/candidates', [[moved], [movedLater]]);
		// One reply for the one history request: a second request would find no mock and fail.
		history('c-moved', 'j-1', [['NEW', 3]]);
		expect((await poll('application_created')).map((i) => i.id)).toEqual(['c-moved:j-1']);
	});

	it("gives the editor's test recent real items when nothing changed in the window (isLoadingSample)", async () => {
		listPages('/candidates', [[]]);
		const old = [candidate('c-a', 900, 800), candidate('c-b', 700, 600), candidate('c-c', 500, 400), candidate('c-d', 300, 200)];
		nock(API)
			.get('/candidates')
			.query((query) => query.updatedAfter === new Date(0).toISOString() && query.limit === '100' && query.pageId === undefined)
			.reply(200, { content: old, nextPageId: 'more-that-is-not-read' });
		const items = await poll('candidate_created', { isLoadingSample: true });
		expect(items.map((i) => i.id)).toEqual(['c-d', 'c-c', 'c-b']);
		// A real poll keeps to its window.
		listPages('/candidates', [[]]);
		expect(await poll('candidate_created')).toEqual([]);
	});

	it('turns API failures into readable errors that name the call and what to check', async () => {
		nock(API)
			.get('/candidates')
			.query(true)
			.reply(403, { message: 'Access denied', errors: [{ code: 'INSUFFICIENT_SCOPE', message: 'Missing scope candidates_read' }] });
		await expect(poll('candidate_created')).rejects.toThrow(
			/SmartRecruiters denied GET \/candidates \(403\)\. SmartRecruiters says: .{0,4}Access denied; Missing scope candidates_read.{0,4}\. Reconnect and grant every scope/,
		);
		nock(API).get('/jobs').query(true).reply(503, 'upstream down');
		await expect(poll('job_created')).rejects.toThrow(/SmartRecruiters answered 503 to GET \/jobs\./);
	});

	it('asks Zapier to refresh the token when SmartRecruiters answers 401', async () => {
		nock(API).get('/candidates').query(true).reply(401, { message: 'token expired' });
		await expect(poll('candidate_created')).rejects.toMatchObject({ name: 'RefreshAuthError' });
	});

	it('asks OAuth2 scopes matching the calls made: candidates_read, jobs_read, user_me_read (for /users/me)', () => {
		expect(app.authentication!.oauth2Config!.scope).toBe('candidates_read jobs_read user_me_read');
	});

	it('signs in by API key by default: X-SmartToken on every call, the same connection test, an expired-key error', async () => {
		expect(apiKeyApp.authentication).toMatchObject({ type: 'custom', fields: [expect.objectContaining({ key: 'apiKey', type: 'password', required: true })] });
		const apiKeyAuth = { apiKey: 'sr-api-key' };
		nock(API, { reqheaders: { 'x-smarttoken': 'sr-api-key' }, badheaders: ['authorization'] })
			.get('/user-api/v201804/users/me')
			.reply(200, { id: 'u-2', firstName: 'Amy', lastName: 'Santiago', email: 'amy@example.com' });
		await expect(testerOf(apiKeyApp)(apiKeyApp.authentication!.test as never, { authData: apiKeyAuth } as never)).resolves.toMatchObject({ email: 'amy@example.com' });
		nock(API, { reqheaders: { 'x-smarttoken': 'sr-api-key' } })
			.get('/jobs')
			.query(true)
			.reply(200, { content: [job('j-k', 1, 1)] });
		const items = (await testerOf(apiKeyApp)((apiKeyApp.triggers.job_created.operation as unknown as { perform: never }).perform, {
			authData: apiKeyAuth,
			meta: {},
		} as never)) as Array<Record<string, any>>;
		expect(items.map((i) => i.id)).toEqual(['j-k']);
		nock(API).get('/candidates').query(true).reply(401, { message: 'Invalid token' });
		await expect(
			testerOf(apiKeyApp)((apiKeyApp.triggers.candidate_created.operation as unknown as { perform: never }).perform, { authData: apiKeyAuth, meta: {} } as never),
		).rejects.toMatchObject({
			name: 'ExpiredAuthError',
			message: expect.stringContaining('SmartRecruiters refused the API key (401 on GET /candidates)'),
		});
	});

	it('exchanges and refreshes tokens at the SmartRecruiters token endpoint', async () => {
		const oauth = app.authentication!.oauth2Config!;
		expect(oauth.authorizeUrl).toMatchObject({ url: 'https://www.smartrecruiters.com/identity/oauth/allow' });
		nock('https://www.smartrecruiters.com')
			.post('/identity/oauth/token', (body) => body.grant_type === 'refresh_token' && body.refresh_token === authData.refresh_token)
			.reply(200, { access_token: 'new-token', refresh_token: 'new-refresh', expires_in: 1800 });
		const refreshed = (await testerOf(app)(oauth.refreshAccessToken as never, { authData } as never)) as Record<string, string>;
		expect(refreshed).toMatchObject({ access_token: 'new-token' });
	});
});
