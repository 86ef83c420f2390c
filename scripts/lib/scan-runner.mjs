/**
 * Runs @n8n/scan-community-package's own analysis (its exported analyzePackage and
 * SOURCE_FILE_PATTERNS, the two legs analyzePackageByName runs once provenance passed) on a local
 * unpacked tarball and the local source, instead of a version downloaded from the registry.
 * Usage: node scan-runner.mjs <scanner.mjs> <unpacked package dir> <source dir>
 */
import { pathToFileURL } from 'node:url';

const [scannerFile, packageDir, sourceDir] = process.argv.slice(2);
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);

// The same two legs and file patterns as analyzePackageByName: the attested source, then the tarball.
const legs = [
	['source (package.json, nodes/, credentials/)', await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)],
	['packed tarball (every .js, package.json)', await analyzePackage(packageDir, ['**/*.js', 'package.json'])],
];
let failed = 0;
for (const [label, result] of legs) {
	console.log(`${result.passed ? '✔' : '✖'} scanner, ${label}: ${result.passed ? 'passed' : result.message}`);
	if (result.details) console.log(result.details);
	if (!result.passed) failed++;
}
process.exit(failed === 0 ? 0 : 1);
