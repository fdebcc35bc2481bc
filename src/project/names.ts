// Environment names (DESIGN rule 4): lower-case, every character outside [a-z0-9_] becomes `_`.
import { NameError } from '../errors';

export const prodName = 'prod';
export const MAX_ENVIRONMENT_NAME_LENGTH = 40;

/** Normalizes a user-supplied environment name, or throws NameError naming the input. */
export function environmentName(input: string): string {
  const name = input.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (name.length === 0) throw new NameError(`environment name ${JSON.stringify(input)} is empty`, input);
  if (name.length > MAX_ENVIRONMENT_NAME_LENGTH) {
    throw new NameError(
      `environment name ${JSON.stringify(input)} is ${name.length} characters after normalization (at most ${MAX_ENVIRONMENT_NAME_LENGTH})`,
      input,
    );
  }
  if (!/^[a-z_]/.test(name)) {
    throw new NameError(`environment name ${JSON.stringify(input)} must start with a letter or _ (got ${JSON.stringify(name)})`, input);
  }
  return name;
}

/** The environment name of pull request `number`: `pr_<number>`. */
export function pullRequestEnvironment(number: number): string {
  if (!Number.isInteger(number) || number <= 0) throw new NameError(`invalid pull request number ${number}`, String(number));
  return `pr_${number}`;
}
