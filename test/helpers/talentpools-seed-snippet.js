// The decrypt step of the TalentPools seed's "Code by Zapier" snippet (talentpools-webhooks.txt),
// kept as the seed wrote it so that tests prove our encryption against the platform's own recipe.
const crypto = require('crypto');

const createStandardKey = (key) => crypto.createHash('sha256').update(String(key)).digest();

const decrypt = ({ data, key }) => {
	const algorithm = 'aes-256-ctr';
	const [iv, content] = data.split('.');
	const cKey = createStandardKey(key);
	const decipher = crypto.createDecipheriv(algorithm, cKey, Buffer.from(iv, 'hex'));
	const decrypted = Buffer.concat([decipher.update(Buffer.from(content, 'hex')), decipher.final()]);
	return JSON.parse(decrypted.toString());
};

// The seed's optional "Verify Webhook Signatures" step.
const isMatchingSignature = ({ expectedSignature, signedContent, signingSecret }) => {
	const preparedSignedSecret = Buffer.from(signingSecret.split('_')[1], 'base64');
	const signature = crypto.createHmac('sha256', preparedSignedSecret).update(signedContent).digest('base64');
	return expectedSignature.split(' ').some((s) => {
		const a = Buffer.from(s.split(',')[1]);
		const b = Buffer.from(signature);
		return a.length === b.length && crypto.timingSafeEqual(a, b);
	});
};

module.exports = { decrypt, isMatchingSignature };
