import { markdownCode, markdownText } from '../base/untrusted.ts';

interface ProvisionReport {
  orgId: string;
  apiOrigin: string;
  dryRun: boolean;
}

/** The job summary of a provision run. It names the key's kind, never any part of the key. */
export function provisionSummary(report: ProvisionReport): string {
  const org = markdownText(report.orgId);
  const heading = report.dryRun
    ? '### Devin service API key: dry run'
    : '### Devin service API key provisioned';
  const keyRow = report.dryRun
    ? '| Key | none: a dry run creates nothing |'
    : '| Key | service API key (`apk_…`), masked in logs; read it from the `api_key` output |';
  const lead = report.dryRun
    ? `A real run would send \`POST /v2/enterprise/api-keys\` for organization ${org}. ` +
      'The inputs and the kind of credential were checked; no request was made.'
    : `A new service API key was issued for organization ${org}.`;
  return [
    heading,
    '',
    lead,
    '',
    '| | |',
    '| --- | --- |',
    `| Organization | ${org} |`,
    keyRow,
    // In a code span, the URL is no link and still copies whole.
    `| API | ${markdownCode(report.apiOrigin)} |`,
    '',
  ].join('\n');
}
