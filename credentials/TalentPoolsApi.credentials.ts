import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { talentPools } from '../core/platforms';
import { secretFieldProperties } from '../nodes/shared/credentials';

/** The two secrets of TalentPools webhooks; TalentPools has no API, the TalentPools Trigger tests them offline. */
export class TalentPoolsApi implements ICredentialType {
	name = 'talentPoolsApi';

	displayName = 'TalentPools API';

	icon: Icon = { light: 'file:../nodes/TalentPoolsTrigger/talentPools.svg', dark: 'file:../nodes/TalentPoolsTrigger/talentPools.dark.svg' };

	documentationUrl = 'https://talentpools.io/knowledge-base/webhooks';

	properties: INodeProperties[] = secretFieldProperties(talentPools);
}
