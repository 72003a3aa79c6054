export const id = 492;
export const ids = [492];
export const modules = {

/***/ 8350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ PAGE_SIZE),
/* harmony export */   o: () => (/* binding */ forEachPage)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4988);



/** The most the API serves in one page (api/README.md, "Paging"). */
const PAGE_SIZE = 200;
/** A million keys for one service user: past this, the API is looping, not listing. */
const MAX_PAGES = 5_000;
/**
 * Reads every page, handing each page's items to `visit` as it arrives (so a large listing
 * is never held twice). The next page is asked for before this one is visited, so the API
 * prepares it while the items are worked through; still one request at a time. Stops on
 * `has_next_page: false`; more pages without a cursor is an error rather than a short listing,
 * and a cursor seen before, or more than `maxPages` pages, is an error rather than an endless
 * loop.
 */
async function forEachPage(fetchPage, visit, describe, maxPages = MAX_PAGES) {
    const seenCursors = new Set();
    let nextPage = fetchPage(undefined);
    for (let pages = 1;; pages++) {
        const page = await nextPage;
        const cursor = page.end_cursor;
        if (!page.has_next_page) {
            visit(page.items);
            return pages;
        }
        if (cursor === null || cursor === undefined || cursor === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: page ${pages} says more pages follow (has_next_page: true) but gives no cursor (end_cursor) to ask for them, so the listing cannot be completed and any count would be short.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        if (seenCursors.has(cursor)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API gave the cursor ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteUntrusted */ .X0)(cursor)} a second time, after ${pages} pages; the listing would never end, so the action stopped.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        if (pages >= maxPages) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API still had more pages after ${pages}, more than any real listing; the action stopped to avoid an endless loop.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        seenCursors.add(cursor);
        nextPage = fetchPage(cursor);
        // Awaited on the next round, unless visiting this page fails first: then the failure to
        // report is that one, and the page in flight no longer matters.
        nextPage.catch(() => undefined);
        // undici writes a request on a kept-alive connection only in the event loop's check phase
        // (it first looks for stray bytes on the idle socket): yield until then, so that the next
        // page is on its way while this one is worked through, not after.
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setImmediate)();
        visit(page.items);
    }
}


/***/ }),

/***/ 6492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  audit: () => (/* binding */ audit)
});

;// CONCATENATED MODULE: ./src/base/concurrency.ts
/**
 * Runs `task` over `items`, at most `limit` at once, keeping the results in order. When one
 * fails, no other starts, `signal` tells those running to stop where they can, and the call
 * rejects with that first failure only once they have all ended: the caller may then close
 * what they share.
 */
async function mapConcurrently(items, limit, task) {
    const results = new Array(items.length);
    const stop = new AbortController();
    let failure;
    let next = 0;
    const worker = async () => {
        while (failure === undefined && next < items.length) {
            const index = next++;
            try {
                results[index] = await task(items[index], stop.signal);
            }
            catch (error) {
                failure ??= { error };
                stop.abort();
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure !== undefined)
        throw failure.error;
    return results;
}

// EXTERNAL MODULE: ./src/devin/paging.ts
var paging = __webpack_require__(8350);
// EXTERNAL MODULE: ./src/audit/policy.ts
var policy = __webpack_require__(841);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/base/time.ts
var time = __webpack_require__(6496);
;// CONCATENATED MODULE: ./src/audit/tally.ts

const noCounts = () => ({
    key_count: 0,
    active_count: 0,
    expired_count: 0,
    revoked_count: 0,
    expiring_count: 0,
    stale_count: 0,
});
/**
 * Worst keys kept per service user: enough for the summary's rows, the failure message, the
 * annotations and a cut report. Every other key is counted and written out, not kept, so an
 * audit's memory does not grow with the number of keys.
 */
const KEPT_WORST_KEYS = 1_000;
/** One service user's audit, tallied as its keys stream in. */
class ServiceUserTally {
    serviceUserId;
    counts = noCounts();
    failingCount = 0;
    findingCount = 0;
    keysWithFindings = 0;
    pages = 0;
    kept = [];
    /** Once KEPT_WORST_KEYS are kept: a key must be worse than this to be kept too. */
    cutoff = Number.POSITIVE_INFINITY;
    constructor(serviceUserId) {
        this.serviceUserId = serviceUserId;
    }
    add(key) {
        const { counts } = this;
        counts.key_count++;
        if (key.status === 'active')
            counts.active_count++;
        if (key.status === 'expired')
            counts.expired_count++;
        if (key.status === 'revoked')
            counts.revoked_count++;
        if (key.hasFinding('expiring'))
            counts.expiring_count++;
        if (key.hasFinding('stale'))
            counts.stale_count++;
        if (key.failing)
            this.failingCount++;
        if (key.findingClasses.length > 0)
            this.keysWithFindings++;
        this.findingCount += key.findingClasses.length;
        // Among keys alike in severity the first listed are kept, so a key no worse than the
        // cutoff is dropped at once: most keys of a large audit cost no sorting at all.
        if (key.severity >= this.cutoff)
            return;
        this.kept.push(key);
        // Trim in batches: one sort per KEPT_WORST_KEYS keys, not one per key. The sort is stable.
        if (this.kept.length >= 2 * KEPT_WORST_KEYS) {
            this.kept = this.kept.sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS);
            this.cutoff = this.kept.at(-1).severity;
        }
    }
    /** The worst keys, worst first, at most KEPT_WORST_KEYS. */
    worst() {
        return (0,policy/* sortWorstFirst */.Qi)(this.kept.sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS));
    }
}
function finishTally(tally) {
    return {
        serviceUserId: tally.serviceUserId,
        pages: tally.pages,
        counts: tally.counts,
        failingCount: tally.failingCount,
        findingCount: tally.findingCount,
        keysWithFindings: tally.keysWithFindings,
        worstKeys: tally.worst(),
    };
}
/** The counts the action outputs, over every service user audited. */
function totalCounts(audits) {
    const total = noCounts();
    for (const audit of audits) {
        for (const name of Object.keys(total))
            total[name] += audit.counts[name];
    }
    return total;
}
/**
 * The kept keys that `include` picks, over every service user, worst first; keys alike in
 * severity keep the service users' order. What is capped (annotations, the keys a failure names)
 * then goes to the worst keys of the whole audit, not to the first service user's.
 */
function keptKeysWorstFirst(audits, include) {
    return audits
        .flatMap((audit) => audit.worstKeys.filter(include).map((key) => ({ serviceUserId: audit.serviceUserId, key })))
        .sort((a, b) => a.key.severity - b.key.severity);
}

;// CONCATENATED MODULE: ./src/audit/report.ts


// The JSON report of an audit (the `report` output and the report file):
// `{generated_at, counts, ...extra, service_users: [{service_user_id, keys}]}`.
const isoTimeOrNull = (unixSeconds) => unixSeconds === null ? null : (0,time/* isoTime */.L)(unixSeconds);
/** One key as the report has it: ISO 8601 times, findings in words. */
function reportKey(key) {
    return {
        id: key.id,
        name: key.name,
        status: key.status,
        created_at: isoTimeOrNull(key.createdAt),
        expires_at: isoTimeOrNull(key.expiresAt),
        last_used_at: isoTimeOrNull(key.lastUsedAt),
        revoked_at: isoTimeOrNull(key.revokedAt),
        failing: key.failing,
        findings: key.findings,
    };
}
/** A report of the given keys per service user, whole. */
function reportJson(audits, keysOf, nowSeconds, extra = {}) {
    return JSON.stringify({
        generated_at: (0,time/* isoTime */.L)(nowSeconds),
        counts: totalCounts(audits),
        ...extra,
        service_users: audits.map((audit) => ({
            service_user_id: audit.serviceUserId,
            keys: keysOf(audit).map(reportKey),
        })),
    });
}
// The report file holds the same document, written in pieces as the keys arrive.
function reportHead(counts, nowSeconds) {
    const head = JSON.stringify({ generated_at: (0,time/* isoTime */.L)(nowSeconds), counts });
    return `${head.slice(0, -1)},"service_users":[`;
}
function serviceUserHead(serviceUserId, first) {
    return `${first ? '' : ','}{"service_user_id":${JSON.stringify(serviceUserId)},"keys":[`;
}
const SERVICE_USER_TAIL = ']}';
const REPORT_TAIL = ']}';

;// CONCATENATED MODULE: ./src/audit/report-file.ts



/** Characters written at once: small enough to die young in the heap. */
const WRITE_BATCH = 64 * 1024;
/** One service user's keys, written to a part file as they arrive. */
class ReportPart {
    serviceUserId;
    path;
    file;
    batch = '';
    count = 0;
    constructor(serviceUserId, path) {
        this.serviceUserId = serviceUserId;
        this.path = path;
        this.file = (0,external_node_fs_.openSync)(path, 'w');
    }
    add(key) {
        this.batch += `${this.count++ === 0 ? '' : ','}${JSON.stringify(reportKey(key))}`;
        if (this.batch.length >= WRITE_BATCH)
            this.flush();
    }
    flush() {
        if (this.batch !== '')
            (0,external_node_fs_.writeSync)(this.file, this.batch);
        this.batch = '';
    }
    close() {
        this.flush();
        (0,external_node_fs_.closeSync)(this.file);
    }
}
/**
 * The full report, as a file: every key of every service user, in the order the API listed
 * them. Service users are audited at once, so each writes its own part; `finish` joins them.
 */
class ReportFile {
    path;
    parts = [];
    constructor(directory) {
        this.path = (0,external_node_path_.join)(directory, `devin-keys-audit-${process.pid}.json`);
    }
    part(serviceUserId) {
        const part = new ReportPart(serviceUserId, `${this.path}.${this.parts.length}.part`);
        this.parts.push(part);
        return part;
    }
    /** Writes the report: head with the counts, then each part, copied in fixed-size chunks. */
    finish(counts, nowSeconds) {
        const file = (0,external_node_fs_.openSync)(this.path, 'w');
        const buffer = Buffer.alloc(WRITE_BATCH);
        try {
            (0,external_node_fs_.writeSync)(file, reportHead(counts, nowSeconds));
            for (const [index, part] of this.parts.entries()) {
                part.close();
                (0,external_node_fs_.writeSync)(file, serviceUserHead(part.serviceUserId, index === 0));
                const source = (0,external_node_fs_.openSync)(part.path, 'r');
                try {
                    for (let read; (read = (0,external_node_fs_.readSync)(source, buffer)) > 0;) {
                        (0,external_node_fs_.writeSync)(file, buffer, 0, read);
                    }
                }
                finally {
                    (0,external_node_fs_.closeSync)(source);
                    (0,external_node_fs_.rmSync)(part.path, { force: true });
                }
                (0,external_node_fs_.writeSync)(file, SERVICE_USER_TAIL);
            }
            (0,external_node_fs_.writeSync)(file, REPORT_TAIL);
        }
        finally {
            (0,external_node_fs_.closeSync)(file);
        }
    }
}

// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(4758);
// EXTERNAL MODULE: ./src/base/untrusted.ts
var untrusted = __webpack_require__(4988);
;// CONCATENATED MODULE: ./src/summary/audit-summary.ts



/** Rows per service user: a summary past 1 MiB is refused by the runner. */
const MAX_SUMMARY_ROWS = 200;
/**
 * Bytes of table rows in the whole summary: many service users with long key names could still
 * pass the runner's 1 MiB, and then it drops the summary whole. What is left leaves room for the
 * headings and notes.
 */
const MAX_SUMMARY_ROW_BYTES = 900_000;
const STATUS_LABEL = { active: 'active', expired: '⛔ expired', revoked: '⛔ revoked' };
function date(unixSeconds, nowSeconds, none) {
    return unixSeconds === null
        ? none
        : `${(0,time/* isoDay */.k)(unixSeconds)} (${(0,policy/* relativeDays */.gG)(unixSeconds, nowSeconds)})`;
}
function keyRow(key, nowSeconds) {
    const findings = key.findings
        .map((finding) => `${finding.failing ? '❌' : '⚠️'} ${(0,untrusted/* markdownText */.p7)(finding.reason)}`)
        .join('<br>');
    return [
        (0,untrusted/* markdownText */.p7)(key.name),
        (0,untrusted/* markdownText */.p7)(key.id),
        STATUS_LABEL[key.status],
        date(key.createdAt, nowSeconds, '—'),
        date(key.expiresAt, nowSeconds, 'never'),
        date(key.lastUsedAt, nowSeconds, 'never'),
        findings === '' ? '✅' : findings,
    ].join(' | ');
}
/** Rows, worst first, while they fit in what is left of the summary's budget. */
function rowsWithin(audit, nowSeconds, budget) {
    const rows = [];
    for (const key of audit.worstKeys.slice(0, MAX_SUMMARY_ROWS)) {
        const row = `| ${keyRow(key, nowSeconds)} |`;
        const bytes = Buffer.byteLength(row) + 1;
        if (bytes > budget.bytes)
            break;
        budget.bytes -= bytes;
        rows.push(row);
    }
    return rows;
}
function serviceUserSection(audit, nowSeconds, budget) {
    const keyCount = audit.counts.key_count;
    const lines = [
        `#### Service user ${(0,untrusted/* markdownText */.p7)(audit.serviceUserId)}: ${keyCount} key${keyCount === 1 ? '' : 's'}`,
        '',
    ];
    if (keyCount === 0)
        return [...lines, 'No keys.', ''];
    const rows = rowsWithin(audit, nowSeconds, budget);
    if (rows.length > 0) {
        lines.push('| Key | Id | Status | Created | Expires | Last used | Findings |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows);
    }
    if (keyCount > rows.length) {
        const leftOut = rows.length === 0
            ? `The job summary is at GitHub's size limit: the ${keyCount} keys of this service user are left out`
            : `${keyCount - rows.length} more keys, none worse than those above, are left out of this table`;
        lines.push('', `${leftOut}: the \`report\` output has them when it fits GitHub's output limit, and \`report_file: true\` writes every key to \`report_path\`.`);
    }
    return [...lines, ''];
}
/** The job summary of an audit: counts, then one table per service user, worst keys first. */
function auditSummary(audits, counts, failingCount, nowSeconds) {
    const budget = { bytes: MAX_SUMMARY_ROW_BYTES };
    const verdict = failingCount === 0
        ? '### ✅ Devin API key audit passed'
        : `### ❌ Devin API key audit failed: ${failingCount} key${failingCount === 1 ? '' : 's'} need${failingCount === 1 ? 's' : ''} attention`;
    return [
        verdict,
        '',
        `${counts.key_count} keys: ${counts.active_count} active, ${counts.expired_count} expired, ${counts.revoked_count} revoked; ${counts.expiring_count} expiring soon, ${counts.stale_count} stale. Audited ${(0,time/* isoDay */.k)(nowSeconds)}.`,
        '',
        ...audits.flatMap((audit) => serviceUserSection(audit, nowSeconds, budget)),
    ].join('\n');
}

// EXTERNAL MODULE: ./src/operations/context.ts + 2 modules
var operations_context = __webpack_require__(5105);
// EXTERNAL MODULE: ./src/operations/service-user.ts
var service_user = __webpack_require__(1245);
;// CONCATENATED MODULE: ./src/operations/audit.ts











/** Service users listed at once: enough to overlap waits, few enough to stay polite. */
const SERVICE_USER_CONCURRENCY = 8;
/** Warnings beyond this become one line: the runner shows only a handful per step anyway. */
const MAX_ANNOTATIONS = 50;
/** Keys named in the failure message; the rest are counted. */
const MAX_NAMED_IN_FAILURE = 50;
/** Step outputs are limited to 1 MiB; a larger report keeps only the failing keys. */
const MAX_REPORT_OUTPUT_BYTES = 1_000_000;
/**
 * Lists one service user's keys page by page; each key is classified, tallied and written to
 * the report file as it arrives, and only the worst are kept.
 */
async function auditServiceUser(client, serviceUserId, inputs, context, reportFile, stop) {
    const tally = new ServiceUserTally(serviceUserId);
    const part = reportFile?.part(serviceUserId);
    tally.pages = await (0,paging/* forEachPage */.o)((after) => 
    // Once another service user's listing has failed, the audit has failed: no more pages.
    stop.aborted
        ? Promise.reject(stop.reason)
        : client.listServiceUserKeysPage(serviceUserId, {
            status: inputs.status,
            first: paging/* PAGE_SIZE */.m,
            after,
        }), (items) => {
        for (const item of items) {
            const key = new policy/* AuditedKey */.cf(item, context);
            tally.add(key);
            part?.add(key);
        }
    }, `the API keys of service user ${(0,untrusted/* quoteUntrusted */.X0)(serviceUserId)}`);
    return finishTally(tally);
}
function describeKey(serviceUserId, key) {
    return `key ${(0,untrusted/* quoteUntrusted */.X0)(key.name)} (${(0,untrusted/* quoteUntrusted */.X0)(key.id)}) of ${(0,untrusted/* quoteUntrusted */.X0)(serviceUserId)}`;
}
function annotate(runtime, audits) {
    let annotated = 0;
    for (const { serviceUserId, key } of keptKeysWorstFirst(audits, (key) => key.findingClasses.length > 0)) {
        if (annotated >= MAX_ANNOTATIONS)
            break;
        for (const finding of key.findings) {
            annotated++;
            runtime.warning(`Devin ${describeKey(serviceUserId, key)}: ${finding.reason}`, {
                title: `Devin API key ${finding.class.replace('_', ' ')}`,
            });
        }
    }
    const total = audits.reduce((sum, audit) => sum + audit.findingCount, 0);
    if (total > annotated) {
        runtime.warning(`${total - annotated} more findings are not annotated; see the job summary or the report output.`);
    }
}
function failureMessage(failingCount, failing, failOn) {
    const named = failing.slice(0, MAX_NAMED_IN_FAILURE).map(({ serviceUserId, key }) => {
        const reasons = key.findings
            .filter((finding) => finding.failing)
            .map((finding) => finding.reason)
            .join('; ');
        return `  - ${describeKey(serviceUserId, key)}: ${reasons}`;
    });
    if (failingCount > named.length) {
        named.push(`  - and ${failingCount - named.length} more (see the report output)`);
    }
    return `The audit failed: ${failingCount} ${failingCount === 1 ? 'key falls' : 'keys fall'} in a fail_on class (${[...failOn].join(', ')}):\n${named.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; set fail_on to change what fails the job.`;
}
/**
 * The report output: every key when no service user has more keys than the action keeps and
 * the whole fits the output limit; else only the failing keys, the worst of the whole audit
 * first (1000 at most, fewer if they would not fit), marked as cut.
 */
function reportOutput(audits, failing, failingCount, nowSeconds, reportFileWritten) {
    const allKept = audits.every((audit) => audit.counts.key_count <= KEPT_WORST_KEYS);
    if (allKept) {
        const full = reportJson(audits, (audit) => audit.worstKeys, nowSeconds);
        if (Buffer.byteLength(full) <= MAX_REPORT_OUTPUT_BYTES)
            return full;
    }
    const where = reportFileWritten
        ? 'report_path has every key'
        : 'set report_file: true for a file with every key';
    for (let count = Math.min(failing.length, KEPT_WORST_KEYS);; count = Math.floor(count / 2)) {
        const chosen = new Set(failing.slice(0, count).map(({ key }) => key));
        const cut = reportJson(audits, (audit) => audit.worstKeys.filter((key) => chosen.has(key)), nowSeconds, {
            cut: true,
            note: `Only failing keys, worst first: ${count} of ${failingCount}; ${where}.`,
        });
        if (count === 0 || Buffer.byteLength(cut) <= MAX_REPORT_OUTPUT_BYTES)
            return cut;
    }
}
async function trackIssue(runtime, inputs, audits, summary, failed) {
    if (inputs.trackingIssue === undefined)
        return;
    const { trackingMarker, syncTrackingIssue } = await __webpack_require__.e(/* import() */ 812).then(__webpack_require__.bind(__webpack_require__, 3812));
    const marker = trackingMarker(audits.map((audit) => audit.serviceUserId));
    if (inputs.dryRun) {
        runtime.info(`Dry run: the tracking issue (marker ${marker}) would be ${failed ? 'opened or updated' : 'closed if open'}; nothing was sent to GitHub.`);
        return;
    }
    const { githubIssueApi, workflowRun } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(282)]).then(__webpack_require__.bind(__webpack_require__, 5282));
    const { repository, runUrl } = workflowRun((name) => runtime.getEnv(name));
    try {
        const done = await syncTrackingIssue(githubIssueApi(inputs.trackingIssue.githubToken, repository), {
            failed,
            marker,
            title: 'Devin API key audit failed',
            body: summary,
            runUrl,
        });
        runtime.info(done);
    }
    catch (error) {
        // The audit's verdict stands; a tracking issue that cannot be kept is worth a warning.
        const status = error.status;
        const reason = (0,untrusted/* quoteUntrusted */.X0)((0,errors/* messageOf */.bD)(error));
        const fix = status === 403 || status === 404 || status === 401
            ? 'give the job `permissions: { issues: write }` and pass github_token: ${{ github.token }}.'
            : 'run the job again; the audit above stands either way.';
        runtime.warning(`Could not update the tracking issue in ${repository}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${reason}.\nFix: ${fix}`, { title: 'Tracking issue not updated' });
    }
}
/**
 * Lists every key of each service user, classifies them under the policy, reports, and fails
 * the job when a key falls in a fail_on class.
 */
async function audit(inputs, context) {
    const { runtime } = context;
    const nowSeconds = Math.floor((context.dependencies.now ?? Date.now)() / 1000);
    const auditContext = { nowSeconds, policy: inputs.policy };
    const reportFile = inputs.reportFile ? new ReportFile(runtime.tempDir()) : undefined;
    const client = (0,operations_context.openDevinClient)(inputs, context);
    let audits;
    try {
        const serviceUserIds = inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await (0,service_user/* ownServiceUserId */.Gi)(client)];
        runtime.startGroup(`Listing the API keys of ${serviceUserIds.map((id) => (0,untrusted/* quoteUntrusted */.X0)(id)).join(', ')}`);
        try {
            audits = await mapConcurrently(serviceUserIds, SERVICE_USER_CONCURRENCY, (id, stop) => auditServiceUser(client, id, inputs, auditContext, reportFile, stop));
            for (const audit of audits) {
                runtime.info(`${(0,untrusted/* quoteUntrusted */.X0)(audit.serviceUserId)}: ${audit.counts.key_count} keys in ${audit.pages} page${audit.pages === 1 ? '' : 's'}, ${audit.keysWithFindings} with findings`);
            }
        }
        finally {
            runtime.endGroup();
        }
    }
    finally {
        await client.close();
    }
    const counts = totalCounts(audits);
    const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
    annotate(runtime, audits);
    if (reportFile !== undefined) {
        reportFile.finish(counts, nowSeconds);
        runtime.setOutput('report_path', reportFile.path);
    }
    const failingKeys = keptKeysWorstFirst(audits, (key) => key.failing);
    runtime.setOutput('report', reportOutput(audits, failingKeys, failingCount, nowSeconds, reportFile !== undefined));
    for (const [name, value] of Object.entries(counts))
        runtime.setOutput(name, String(value));
    const summary = auditSummary(audits, counts, failingCount, nowSeconds);
    await runtime.appendSummary(summary);
    await trackIssue(runtime, inputs, audits, summary, failingCount > 0);
    if (failingCount > 0) {
        throw new errors/* ActionError */.lZ(failureMessage(failingCount, failingKeys, inputs.policy.failOn));
    }
    runtime.info(`The audit passed: ${counts.key_count} keys, none in a fail_on class.`);
}


/***/ }),

/***/ 1245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gi: () => (/* binding */ ownServiceUserId),
/* harmony export */   TH: () => (/* binding */ listKeys),
/* harmony export */   oO: () => (/* binding */ resolveKey)
/* harmony export */ });
/* harmony import */ var _devin_paging_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8350);
/* harmony import */ var _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4758);
/* harmony import */ var _base_ids_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3043);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4988);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6496);






/**
 * The service user behind the credential, for operations whose service_user_id is empty. Its id
 * is held to the rule for input ids: it goes into URL paths and the tracking issue's marker.
 */
async function ownServiceUserId(client) {
    const self = await client.getSelf();
    const id = self.service_user_id;
    if ((id === null || id === undefined) && /service.?user/i.test(self.principal_type)) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The API did not say which service user the credential belongs to: GET /v3/self names the principal ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(self.principal_type)} but gives no service_user_id.\nFix: name the service user in service_user_id.`);
    }
    if (id === null || id === undefined) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The credential belongs to a ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(self.principal_type)}, not a service user, so it has no own service user.\nFix: name the service user in service_user_id.`);
    }
    if (!(0,_base_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .isUsableId */ .cZ)(id)) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The API named a service user the action cannot use: GET /v3/self says the credential belongs to ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(id)}, and an id must be ${_base_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .ID_RULE */ .Rb}.\nFix: pass the service user's id explicitly in service_user_id.`);
    }
    return id;
}
/** Every key of a service user in a status, through all pages. */
async function listKeys(client, serviceUserId, status) {
    const keys = [];
    await (0,_devin_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .forEachPage */ .o)((after) => client.listServiceUserKeysPage(serviceUserId, { status, first: _devin_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .PAGE_SIZE */ .m, after }), (items) => keys.push(...items), `the API keys of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(serviceUserId)}`);
    return keys;
}
const MAX_CANDIDATES = 20;
function describeCandidates(keys) {
    const described = keys
        .slice(0, MAX_CANDIDATES)
        .map((key) => `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_name)} (${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_id)}, created ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(key.created_at)})`);
    if (keys.length > MAX_CANDIDATES)
        described.push(`and ${keys.length - MAX_CANDIDATES} more`);
    return described.join(', ');
}
/**
 * The key a reference names. By name, the one active key with it; when every key with the name
 * is revoked or expired, the newest of them, marked inactive. A name that matches no key, or
 * more than one active key, is an error that lists the candidates.
 */
async function resolveKey(client, serviceUserId, key) {
    if ('id' in key)
        return { id: key.id, active: true };
    const all = await listKeys(client, serviceUserId, 'all');
    const named = all.filter((candidate) => candidate.api_key_name === key.name);
    const active = named.filter((candidate) => candidate.is_active);
    const name = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.name);
    const user = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(serviceUserId);
    const [onlyActive] = active;
    if (onlyActive !== undefined && active.length === 1)
        return { id: onlyActive.api_key_id, active: true };
    if (active.length > 1) {
        throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`The name ${name} is ambiguous: service user ${user} has ${active.length} active keys with it: ${describeCandidates(active)}.\nFix: pass the key's api_key_id instead of key_name.`);
    }
    const newest = named.reduce((latest, candidate) => latest === undefined || candidate.created_at > latest.created_at ? candidate : latest, undefined);
    if (newest !== undefined)
        return { id: newest.api_key_id, active: false };
    const activeKeys = all.filter((candidate) => candidate.is_active);
    const candidates = activeKeys.length === 0
        ? 'it has no active key at all'
        : `its active keys: ${describeCandidates(activeKeys)}`;
    throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`Service user ${user} has no key named ${name}; ${candidates}.\nFix: check key_name (names are matched exactly), or pass api_key_id.`);
}


/***/ })

};
