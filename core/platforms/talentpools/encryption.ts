/**
 * TalentPools encrypts the body: `{"message":"<iv hex>.<ciphertext hex>"}`, AES-256-CTR keyed with
 * SHA-256 of the encryption key text (the seed's `createStandardKey`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { memoizeKeyDerivation } from '../../crypto';

const ALGORITHM = 'aes-256-ctr';

export const talentPoolsAesKey = memoizeKeyDerivation((encryptionKey: string): Buffer => createHash('sha256').update(String(encryptionKey)).digest());

export function encryptTalentPoolsMessage(plaintext: string, encryptionKey: string, iv: Buffer = randomBytes(16)): string {
	const cipher = createCipheriv(ALGORITHM, talentPoolsAesKey(encryptionKey), iv);
	const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return `${iv.toString('hex')}.${ciphertext.toString('hex')}`;
}

/** CTR has no authentication: a wrong key "decrypts" to noise, which the caller's JSON check catches. */
export function decryptTalentPoolsMessage(iv: Buffer, ciphertext: Buffer, encryptionKey: string): Buffer {
	const decipher = createDecipheriv(ALGORITHM, talentPoolsAesKey(encryptionKey), iv);
	return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
