#!/usr/bin/env node
/**
 * Prints the hash of a desk password for the config file's `agents[].password`.
 * Usage: `npm run hash-password` (asks on stdin) or `npm run hash-password -- 'the password'`.
 */
import { createInterface } from 'node:readline/promises';
import { hashPassword } from './agents/password.js';

async function readPassword(): Promise<string> {
  const given = process.argv[2];
  if (given) return given;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question('Password: ');
  rl.close();
  return answer;
}

const password = await readPassword();
if (password.length < 8) {
  process.stderr.write('Use at least 8 characters.\n');
  process.exit(1);
}
process.stdout.write(`${await hashPassword(password)}\n`);
