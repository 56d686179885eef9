/** Thrown for any problem the user must fix before packaging; `issues` lists every one found, not just the first. */
export class PackageValidationError extends Error {
  override name = 'PackageValidationError';
  constructor(readonly issues: string[]) {
    super(`Teams app package is invalid:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}
