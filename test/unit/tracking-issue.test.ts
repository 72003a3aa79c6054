import {
  MAX_ISSUE_BODY_LENGTH,
  mayHoldMarker,
  trackingIssueBody,
  trackingMarker,
} from '../../src/github/tracking-issue.ts';

const MARKER = trackingMarker(['service-user-ci']);
const RUN_URL = 'https://github.com/acme/widgets/actions/runs/4242';
const NOTE_START =
  "The table was cut here to fit GitHub's limit on issue bodies (65,536 characters)";

/** A summary of `rows` table rows of about 300 characters each. */
function summaryOf(rows: number): string {
  return [
    '### ❌ Devin API key audit failed',
    '',
    '| Key | Id | Status | Created | Expires | Last used | Findings |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...Array.from(
      { length: rows },
      (_, row) => `| ${'long-key-name-'.repeat(18)}${row} | key-${row} | ⛔ expired | ❌ expired |`,
    ),
    '',
  ].join('\n');
}

describe('trackingIssueBody', () => {
  test('a body that fits is the marker, a newline and the summary, untouched', () => {
    const summary = summaryOf(3);

    expect(trackingIssueBody(MARKER, summary, RUN_URL)).toBe(`${MARKER}\n${summary}`);
  });

  test('a body of exactly the limit is left whole', () => {
    const summary = 'x'.repeat(MAX_ISSUE_BODY_LENGTH - MARKER.length - 1);

    expect(trackingIssueBody(MARKER, summary, RUN_URL)).toBe(`${MARKER}\n${summary}`);
  });

  test('a longer body is cut after a whole line, within the limit, with the note last', () => {
    const summary = summaryOf(400);
    const body = trackingIssueBody(MARKER, summary, RUN_URL);

    expect(summary.length).toBeGreaterThan(MAX_ISSUE_BODY_LENGTH);
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_LENGTH);
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    const lines = body.split('\n');
    expect(lines.slice(-2)).toEqual([
      '',
      `${NOTE_START}; the run's job summary has it whole: ${RUN_URL}`,
    ]);
    const kept = lines.slice(1, -2);
    expect(kept).toEqual(summary.split('\n').slice(0, kept.length));
    expect(kept.at(-1)).toMatch(/^\| long-key-name-.* \|$/);
    // No more was cut than the note needs room for: one more row would not have fitted.
    const nextRow = summary.split('\n')[kept.length] ?? '';
    expect(body.length + nextRow.length + 1).toBeGreaterThan(MAX_ISSUE_BODY_LENGTH);
  });

  test('without a run URL the note still says where the whole table is', () => {
    const body = trackingIssueBody(MARKER, summaryOf(400), undefined);

    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_LENGTH);
    expect(body.split('\n').at(-1)).toBe(`${NOTE_START}; the run's job summary has it whole.`);
  });

  test('a summary that is one long line keeps the marker and the note only', () => {
    const body = trackingIssueBody(MARKER, 'x'.repeat(MAX_ISSUE_BODY_LENGTH), RUN_URL);

    expect(body.split('\n')).toEqual([
      MARKER,
      '',
      `${NOTE_START}; the run's job summary has it whole: ${RUN_URL}`,
    ]);
  });
});

describe('mayHoldMarker', () => {
  test.each(['OWNER', 'MEMBER', 'COLLABORATOR'])(
    'a person whose author_association is %s may',
    (authorAssociation) => {
      expect(mayHoldMarker({ userType: 'User', authorAssociation })).toBe(true);
    },
  );

  test.each(['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN'])(
    'a person whose author_association is %s may not',
    (authorAssociation) => {
      expect(mayHoldMarker({ userType: 'User', authorAssociation })).toBe(false);
    },
  );

  test('a bot may, whatever its association: GITHUB_TOKEN opens issues as github-actions[bot]', () => {
    expect(mayHoldMarker({ userType: 'Bot', authorAssociation: 'NONE' })).toBe(true);
    expect(mayHoldMarker({ userType: 'Bot', authorAssociation: undefined })).toBe(true);
  });

  test('a deleted user (no user) or a missing association may not', () => {
    expect(mayHoldMarker({ userType: undefined, authorAssociation: 'NONE' })).toBe(false);
    expect(mayHoldMarker({ userType: 'User', authorAssociation: undefined })).toBe(false);
  });
});
