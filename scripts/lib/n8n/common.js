'use strict';
/** What every part of the n8n runtime shares: the loopback host, the tooling folders, small helpers. */
const fs = require('node:fs');
const path = require('node:path');
const { TOOLING_DIR } = require('../node-runtime');

const LOCK_DIR = path.join(TOOLING_DIR, 'locks');
const LOG_DIR = path.join(TOOLING_DIR, 'logs');
const HOST = '127.0.0.1';

const noop = () => {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** For Promise.race deadlines: an unref'd timer does not keep the caller's process alive after the race is won. */
const raceTimer = (ms) => new Promise((r) => setTimeout(r, ms).unref());

function readJsonSafe(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

module.exports = { LOCK_DIR, LOG_DIR, HOST, noop, sleep, raceTimer, readJsonSafe };
