/**
 * The importable example workflows (examples/<platform id>.json) against the nodes they use: right
 * node type and version, parameters the node has, a credential referenced by name only (no id, no
 * secret), and a follow-up node. test/e2e/compat imports and runs them in real n8n versions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { INodeType } from 'n8n-workflow';
import { platformIds, platforms, type PlatformId } from '../../core';
import { facesOf } from '../helpers/n8n-faces';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const packageName = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).name as string;
const nodeOf = (id: PlatformId): INodeType => facesOf(id).node;
const read = (id: PlatformId) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${id}.json`), 'utf8'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('example workflows (examples/*.json)', () => {
	it('there is exactly one JSON file per platform', () => {
		const files = fs
			.readdirSync(EXAMPLES)
			.filter((f) => f.endsWith('.json'))
			.sort();
		expect(files).toEqual(platformIds.map((id) => `${id}.json`).sort());
	});

	it('webhook ids and node ids are unique across the examples', () => {
		const all = platformIds.flatMap((id) => read(id).nodes as Array<{ id: string; webhookId?: string }>);
		const webhookIds = all.flatMap((n) => (n.webhookId ? [n.webhookId] : []));
		expect(webhookIds).toHaveLength(platformIds.length);
		expect(new Set(webhookIds).size).toBe(webhookIds.length);
		expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
	});

	describe.each(platformIds)('%s', (id) => {
		const workflow = read(id);
		const description = nodeOf(id).description;
		const trigger = workflow.nodes.find((n: { type: string }) => n.type.startsWith(`${packageName}.`));

		it('has one trigger of this platform, at a version the node has, with only parameters the node defines', () => {
			expect(workflow.nodes.filter((n: { type: string }) => n.type.startsWith(`${packageName}.`))).toHaveLength(1);
			expect(trigger.type).toBe(`${packageName}.${description.name}`);
			expect([description.version].flat()).toContain(trigger.typeVersion);
			expect(trigger.webhookId).toMatch(UUID);
			const defined = new Set(description.properties.map((p) => p.name));
			expect(Object.keys(trigger.parameters).filter((name) => !defined.has(name))).toEqual([]);
			expect(workflow.name).toContain(platforms[id].displayName);
		});

		it('references a credential the node accepts by name only: no id, no secret', () => {
			const accepted = (description.credentials ?? []).map((c) => c.name);
			const references = Object.entries(trigger.credentials as Record<string, Record<string, unknown>>);
			expect(references).toHaveLength(1);
			const [type, reference] = references[0];
			expect(accepted).toContain(type);
			expect(reference).toEqual({ name: expect.stringMatching(/ account$/) });
			for (const node of workflow.nodes) if (node !== trigger) expect(node.credentials).toBeUndefined();
		});

		it('connects the trigger to an Edit Fields node that keeps event, entity and platform', () => {
			expect(workflow.connections[trigger.name].main).toEqual([[{ node: 'Edit Fields', type: 'main', index: 0 }]]);
			const set = workflow.nodes.find((n: { name: string }) => n.name === 'Edit Fields');
			expect([set.type, set.typeVersion]).toEqual(['n8n-nodes-base.set', 3.4]);
			expect(set.parameters.assignments.assignments.map((a: { name: string; value: string }) => [a.name, a.value])).toEqual([
				['event', '={{ $json.event }}'],
				['entity', '={{ $json.entity }}'],
				['platform', '={{ $json.platform }}'],
			]);
		});
	});
});
