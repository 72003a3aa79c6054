import { InputError } from '../base/errors.ts';
import { ID_RULE, MAX_ID_LENGTH, isUsableId } from '../base/ids.ts';
import { quoteUntrusted } from '../base/untrusted.ts';

/** Reads one input as the runner passes it (empty string when not given). */
export type ReadInput = (name: string) => string;

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them.
const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);

/** Items of a list input: one per line or separated by commas. */
export function listItems(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Reads inputs by name and turns each into a typed value, collecting every problem instead of
 * stopping at the first, so that a user fixes a workflow in one round. A reader that found a
 * problem returns a stand-in value of the right type: `finish` throws before anyone uses it.
 * Values are echoed quoted in messages; what a caller marks secret, never.
 */
export class InputReader {
  private readonly readInput: ReadInput;
  private readonly problems: string[] = [];
  private readonly invalid = new Set<string>();
  /** Every input name read, in order: what action.yml must declare. */
  readonly names = new Set<string>();

  constructor(readInput: ReadInput) {
    this.readInput = readInput;
  }

  /** The input's value, trimmed. */
  raw(name: string): string {
    this.names.add(name);
    return this.readInput(name).trim();
  }

  /** Records a problem with an input; reported as "name: message". */
  problem(name: string, message: string): void {
    this.invalid.add(name);
    this.problems.push(`${name}: ${message}`);
  }

  /** A problem that concerns no single input (the credential's kind, say). */
  generalProblem(message: string): void {
    this.problems.push(message);
  }

  /** Whether every one of these inputs was read without a problem. */
  valid(...names: string[]): boolean {
    return names.every((name) => !this.invalid.has(name));
  }

  /** Throws the InputError listing every problem, if there is any. */
  finish(): void {
    if (this.problems.length > 0) this.reject();
  }

  /** Throws the InputError listing every problem; for a caller that has recorded one. */
  reject(): never {
    throw new InputError(
      `Invalid inputs:\n${this.problems.map((line) => `  - ${line}`).join('\n')}`,
    );
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === '') return fallback;
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    this.problem(name, `${quoteUntrusted(raw)} is not true or false`);
    return fallback;
  }

  number(
    name: string,
    options: { fallback: number; min: number; max: number; integer: boolean },
  ): number {
    const raw = this.raw(name);
    if (raw === '') return options.fallback;
    const value = Number(raw);
    const fits =
      /^\d+(\.\d+)?$/.test(raw) &&
      (!options.integer || Number.isInteger(value)) &&
      value >= options.min &&
      value <= options.max;
    if (fits) return value;
    const kind = options.integer ? 'a whole number' : 'a number';
    this.problem(
      name,
      `${quoteUntrusted(raw)} is not ${kind} from ${options.min} to ${options.max}`,
    );
    return options.fallback;
  }

  oneOf<const Value extends string>(
    name: string,
    values: readonly Value[],
    fallback: Value,
  ): Value {
    const raw = this.raw(name);
    if (raw === '') return fallback;
    const found = values.find((value) => value === raw);
    if (found !== undefined) return found;
    this.problem(name, `${quoteUntrusted(raw)} is not one of ${values.join(', ')}`);
    return fallback;
  }

  /** A required id (see base/ids.ts for the rule). */
  requiredId(name: string, operation: string): string {
    const raw = this.raw(name);
    if (raw === '') this.problem(name, `is required for operation ${operation}`);
    else if (raw.length > MAX_ID_LENGTH) {
      this.problem(name, `is longer than ${MAX_ID_LENGTH} characters`);
    } else if (!isUsableId(raw))
      this.problem(name, `${quoteUntrusted(raw)} is not an id (${ID_RULE})`);
    return raw;
  }

  /** An optional id; '' when not given. `what` names it in a message: "a key id". */
  optionalId(name: string, what: string): string {
    const raw = this.raw(name);
    if (raw === '' || isUsableId(raw)) return raw;
    this.problem(name, `${quoteUntrusted(raw)} is not ${what}`);
    return '';
  }

  /** Ids one per line or separated by commas, repeats dropped. */
  idList(name: string, what: string): string[] {
    const ids = [...new Set(listItems(this.raw(name)))];
    for (const id of ids) {
      if (!isUsableId(id)) this.problem(name, `${quoteUntrusted(id)} is not ${what}`);
    }
    return ids;
  }
}
