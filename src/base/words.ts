/** Small pieces of English that messages, logs and summaries share. */

/** "key" or "keys": the noun for a count. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** "1 key", "3 keys": a count with its noun. */
export function counted(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${plural(count, singular, pluralForm)}`;
}
