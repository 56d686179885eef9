import { parseArgs } from 'node:util';
import { checkPlatform } from './platform/contract-check.js';

const USAGE = `Usage: npm run platform:check -- <platform base URL> [--secret <command secret>] [--contact <live test call id>] [--agent <agent id>] [--timeout <ms>]
The secret defaults to PLATFORM_COMMAND_SECRET, the time limit to PLATFORM_COMMAND_TIMEOUT_MS (else 3000).`;

/** `npm run platform:check -- <url>`: the contract check against a platform's command endpoint; exits 1 when a step fails. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { secret: { type: 'string' }, contact: { type: 'string' }, agent: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' } },
  });
  const url = positionals[0];
  const secret = values.secret ?? process.env.PLATFORM_COMMAND_SECRET;
  const timeoutMs = Number(values.timeout ?? process.env.PLATFORM_COMMAND_TIMEOUT_MS ?? 3000);
  if (values.help || !url || !/^https?:\/\//.test(url) || !secret || secret.length < 16 || !Number.isInteger(timeoutMs) || timeoutMs < 100) {
    process.stderr.write(`${USAGE}\n`);
    if (secret !== undefined && secret.length < 16) process.stderr.write('The command secret must be at least 16 characters.\n');
    return 2;
  }
  process.stdout.write(`Checking ${url.replace(/\/+$/, '')}/commands\n`);
  const steps = await checkPlatform({
    url,
    secret,
    timeoutMs,
    ...(values.contact ? { contactId: values.contact } : {}),
    ...(values.agent ? { agentId: values.agent } : {}),
  });
  for (const step of steps) process.stdout.write(`${step.passed ? 'PASS' : 'FAIL'}  ${step.name}${step.passed ? '' : `: ${step.detail}`}\n`);
  const failed = steps.filter((s) => !s.passed).length;
  process.stdout.write(`${steps.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`platform:check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
