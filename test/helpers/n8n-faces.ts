/**
 * The n8n node and credentials of each platform, found from the registry by the package's naming
 * convention (docs/adding-a-platform.md): platform `x`, exported from core/platforms as `fooBar`, has
 * the node nodes/FooBarTrigger/FooBarTrigger.node.ts (class FooBarTrigger), and each credential type
 * `fooBarApi` its node names lives in credentials/FooBarApi.credentials.ts (class FooBarApi).
 */
import type { ICredentialType, INodeType } from 'n8n-workflow';
import * as registry from '../../core/platforms';
import { platformIds, type PlatformId } from '../../core/platforms';

export interface PlatformFaces {
	id: PlatformId;
	/** The node's folder and class name, e.g. TalentPoolsTrigger. */
	folder: string;
	node: INodeType;
	credentials: ICredentialType[];
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function exportNameOf(id: PlatformId): string {
	const name = Object.keys(registry).find((key) => key !== 'platforms' && (registry as Record<string, unknown>)[key] === registry.platforms[id]);
	if (name === undefined) throw new Error(`core/platforms exports no definition for ${id}`);
	return name;
}

export function facesOf(id: PlatformId): PlatformFaces {
	const folder = `${capitalize(exportNameOf(id))}Trigger`;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const NodeClass = (require(`../../nodes/${folder}/${folder}.node`) as Record<string, new () => INodeType>)[folder];
	const node = new NodeClass();
	const credentials = (node.description.credentials ?? []).map(({ name }) => {
		const className = capitalize(name);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const CredentialClass = (require(`../../credentials/${className}.credentials`) as Record<string, new () => ICredentialType>)[className];
		return new CredentialClass();
	});
	return { id, folder, node, credentials };
}

export const allFaces = (): PlatformFaces[] => platformIds.map(facesOf);

/** The node's parameters as a user leaves them, with every event selected. */
export function defaultParameters(node: INodeType): Record<string, unknown> {
	const parameters: Record<string, unknown> = {};
	for (const property of node.description.properties) if (!(property.name in parameters)) parameters[property.name] = property.default;
	const events = node.description.properties.find((property) => property.name === 'events');
	parameters.events = events?.type === 'string' ? '*' : ['*'];
	return parameters;
}
