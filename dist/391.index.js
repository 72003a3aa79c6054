export const id = 391;
export const ids = [391];
export const modules = {

/***/ 4878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ mapConcurrently)
/* harmony export */ });
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


/***/ }),

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

/***/ 9391:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  audit: () => (/* binding */ audit)
});

// EXTERNAL MODULE: ./src/base/concurrency.ts
var concurrency = __webpack_require__(4878);
// EXTERNAL MODULE: ./src/devin/paging.ts
var paging = __webpack_require__(8350);
// EXTERNAL MODULE: ./src/audit/policy.ts
var audit_policy = __webpack_require__(841);
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
        return (0,audit_policy/* sortWorstFirst */.Qi)(this.kept.sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS));
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
// `{generated_at, counts, ...extra, service_users: [{service_user_id, name, expires_at,
// failing, findings, keys}]}`; a service user's own fields are there when it was audited itself.
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
/** A service user's own fields: name, expiry (undefined: it could not be read) and findings. */
function reportServiceUser(serviceUser) {
    if (serviceUser === undefined)
        return {};
    return {
        name: serviceUser.name,
        ...(serviceUser.expiresAt === undefined
            ? {}
            : { expires_at: isoTimeOrNull(serviceUser.expiresAt) }),
        failing: serviceUser.failing,
        findings: serviceUser.findings,
    };
}
/** A report of the given keys per service user, whole. */
function reportJson(audits, keysOf, nowSeconds, extra = {}, serviceUsers = new Map()) {
    return JSON.stringify({
        generated_at: (0,time/* isoTime */.L)(nowSeconds),
        counts: totalCounts(audits),
        ...extra,
        service_users: audits.map((audit) => ({
            service_user_id: audit.serviceUserId,
            ...reportServiceUser(serviceUsers.get(audit.serviceUserId)),
            keys: keysOf(audit).map(reportKey),
        })),
    });
}
// The report file holds the same document, written in pieces as the keys arrive.
function reportHead(counts, nowSeconds) {
    const head = JSON.stringify({ generated_at: (0,time/* isoTime */.L)(nowSeconds), counts });
    return `${head.slice(0, -1)},"service_users":[`;
}
function serviceUserHead(serviceUserId, first, serviceUser) {
    const head = JSON.stringify({
        service_user_id: serviceUserId,
        ...reportServiceUser(serviceUser),
    });
    return `${first ? '' : ','}${head.slice(0, -1)},"keys":[`;
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
    finish(counts, nowSeconds, serviceUsers = new Map()) {
        const file = (0,external_node_fs_.openSync)(this.path, 'w');
        const buffer = Buffer.alloc(WRITE_BATCH);
        try {
            (0,external_node_fs_.writeSync)(file, reportHead(counts, nowSeconds));
            for (const [index, part] of this.parts.entries()) {
                part.close();
                (0,external_node_fs_.writeSync)(file, serviceUserHead(part.serviceUserId, index === 0, serviceUsers.get(part.serviceUserId)));
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
// EXTERNAL MODULE: ./src/devin/errors.ts
var devin_errors = __webpack_require__(4533);
// EXTERNAL MODULE: ./src/inputs/parsers.ts + 2 modules
var parsers = __webpack_require__(5582);
// EXTERNAL MODULE: ./src/base/untrusted.ts
var untrusted = __webpack_require__(4988);
;// CONCATENATED MODULE: ./src/summary/service-user-table.ts



/** Rows of the service user table; the per-user tables below still show each one. */
const MAX_SERVICE_USER_ROWS = 500;
function expiry(serviceUser, nowSeconds) {
    const { expiresAt } = serviceUser;
    if (expiresAt === undefined)
        return 'unknown';
    if (expiresAt === null)
        return 'never';
    return `${(0,time/* isoDay */.k)(expiresAt)} (${(0,audit_policy/* relativeDays */.gG)(expiresAt, nowSeconds)})`;
}
/** The worst finding of the service user itself or of any of its keys, in words. */
function worstFinding({ serviceUser, audit, keysNotFound }) {
    const own = serviceUser.findings[0];
    const notFound = keysNotFound === true ? '⚠️ keys not found (HTTP 404): removed?' : undefined;
    const key = audit.worstKeys[0];
    const keyFinding = key?.findings[0];
    if (own !== undefined && (key === undefined || serviceUser.severity <= key.severity)) {
        return `${own.failing ? '❌' : '⚠️'} ${(0,untrusted/* markdownText */.p7)(own.reason)}`;
    }
    if (key === undefined || keyFinding === undefined)
        return notFound ?? '✅';
    return `${keyFinding.failing ? '❌' : '⚠️'} key ${(0,untrusted/* markdownText */.p7)(key.name)}: ${(0,untrusted/* markdownText */.p7)(keyFinding.reason)}`;
}
/** How bad a service user stands: the worse of itself and its worst key. */
function severityOf({ serviceUser, audit }) {
    return Math.min(serviceUser.severity, audit.worstKeys[0]?.severity ?? Number.POSITIVE_INFINITY);
}
function row(outcome, nowSeconds) {
    const { serviceUser, audit } = outcome;
    const { counts } = audit;
    return `| ${[
        serviceUser.name === null ? '—' : (0,untrusted/* markdownText */.p7)(serviceUser.name),
        (0,untrusted/* markdownText */.p7)(serviceUser.id),
        expiry(serviceUser, nowSeconds),
        counts.key_count,
        counts.active_count,
        counts.expired_count,
        counts.revoked_count,
        worstFinding(outcome),
    ].join(' | ')} |`;
}
/**
 * One table of every service user audited, worst first, while the rows fit in what is left of
 * the summary's budget; a note says how many are cut.
 */
function serviceUserTable(outcomes, nowSeconds, budget) {
    const sorted = outcomes
        .map((outcome, index) => ({ outcome, index, severity: severityOf(outcome) }))
        .sort((a, b) => a.severity - b.severity || a.index - b.index);
    const rows = [];
    for (const { outcome } of sorted.slice(0, MAX_SERVICE_USER_ROWS)) {
        const line = row(outcome, nowSeconds);
        const bytes = Buffer.byteLength(line) + 1;
        if (bytes > budget.bytes)
            break;
        budget.bytes -= bytes;
        rows.push(line);
    }
    const lines = [
        `${outcomes.length} service user${outcomes.length === 1 ? '' : 's'}:`,
        '',
        '| Service user | Id | Expires | Keys | Active | Expired | Revoked | Worst finding |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
    ];
    if (outcomes.length > rows.length) {
        lines.push('', `${outcomes.length - rows.length} more service users, none worse than those above, are cut from this table to fit GitHub's size limit on job summaries: the \`report\` output lists every service user.`);
    }
    return [...lines, ''];
}

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
        : `${(0,time/* isoDay */.k)(unixSeconds)} (${(0,audit_policy/* relativeDays */.gG)(unixSeconds, nowSeconds)})`;
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
function failedVerdict(failingCount, failingServiceUsers) {
    const parts = [];
    if (failingServiceUsers > 0) {
        parts.push(`${failingServiceUsers} service user${failingServiceUsers === 1 ? '' : 's'} in a fail_on class`);
    }
    if (failingCount > 0 || parts.length === 0) {
        parts.push(`${failingCount} key${failingCount === 1 ? '' : 's'} need${failingCount === 1 ? 's' : ''} attention`);
    }
    return `### ❌ Devin API key audit failed: ${parts.join(', ')}`;
}
/**
 * The job summary of an audit: counts, the table of service users when they are given, then one
 * table per service user, worst keys first.
 */
function auditSummary(audits, counts, failingCount, nowSeconds, serviceUsers = []) {
    const budget = { bytes: MAX_SUMMARY_ROW_BYTES };
    const failingServiceUsers = serviceUsers.filter(({ serviceUser }) => serviceUser.failing).length;
    const verdict = failingCount === 0 && failingServiceUsers === 0
        ? '### ✅ Devin API key audit passed'
        : failedVerdict(failingCount, failingServiceUsers);
    return [
        verdict,
        '',
        `${counts.key_count} keys: ${counts.active_count} active, ${counts.expired_count} expired, ${counts.revoked_count} revoked; ${counts.expiring_count} expiring soon, ${counts.stale_count} stale. Audited ${(0,time/* isoDay */.k)(nowSeconds)}.`,
        '',
        ...(serviceUsers.length === 0 ? [] : serviceUserTable(serviceUsers, nowSeconds, budget)),
        ...audits.flatMap((audit) => serviceUserSection(audit, nowSeconds, budget)),
    ].join('\n');
}

// EXTERNAL MODULE: ./src/operations/context.ts + 2 modules
var operations_context = __webpack_require__(5105);
// EXTERNAL MODULE: ./src/operations/service-user.ts
var service_user = __webpack_require__(1245);
;// CONCATENATED MODULE: ./src/audit/service-users.ts

const SEVERITY = {
    service_user_expired: 0,
    service_user_expiring: 2,
};
/** One service user, audited as a member of the enterprise: its own expiry under the policy. */
class AuditedServiceUser {
    id;
    name;
    expiresAt;
    findings;
    /** Whether a finding is in a class that fails the job. */
    failing;
    /** Sort key, as keys have it: failing first, then by the most severe finding. */
    severity;
    constructor(facts, context) {
        this.id = facts.id;
        this.name = facts.name;
        this.expiresAt = facts.expiresAt;
        const { nowSeconds, policy } = context;
        const expiresAt = facts.expiresAt;
        const findings = [];
        const add = (findingClass, reason) => {
            findings.push({ class: findingClass, reason, failing: policy.failOn.has(findingClass) });
        };
        if (expiresAt !== null && expiresAt !== undefined) {
            if (expiresAt <= nowSeconds) {
                add('service_user_expired', `the service user expired ${(0,audit_policy/* when */.z7)(expiresAt, nowSeconds)}: every key of it is dead`);
            }
            else if (expiresAt - nowSeconds <= policy.expiryWarningDays * audit_policy/* DAY_SECONDS */.fo) {
                add('service_user_expiring', `the service user expires ${(0,audit_policy/* when */.z7)(expiresAt, nowSeconds)}, and every key of it with it`);
            }
        }
        this.findings = findings;
        this.failing = findings.some((finding) => finding.failing);
        const worst = findings[0];
        this.severity = (this.failing ? 0 : 10) + (worst === undefined ? 5 : SEVERITY[worst.class]);
    }
}

// EXTERNAL MODULE: ./src/base/ids.ts
var ids = __webpack_require__(3043);
;// CONCATENATED MODULE: ./src/operations/enterprise-service-users.ts




const LISTING = 'the service users of the enterprise';
const V3_PATH = '/v3/enterprise/members/service-users';
const V3BETA1_PATH = '/v3beta1/enterprise/members/service-users';
const NEEDS_MEMBERSHIP = 'service_user_id: all lists the service users of the enterprise, which needs a credential whose service user holds ViewAccountMembership at enterprise level (Enterprise Settings > Service Users); without it, name the service users in service_user_id instead.';
function factsOf(user) {
    return { id: user.service_user_id, name: user.name, expiresAt: user.expires_at };
}
/**
 * Every service user of the enterprise, inactive ones too (an expired service user is a
 * finding), through all pages. The v3 path first; a 404 there may be an older deployment, so
 * the v3beta1 path is tried once. A listing that fails for want of access ends in an error that
 * names ViewAccountMembership. Ids are held to the id rule: they go into URL paths.
 */
async function listEnterpriseServiceUsers(client) {
    let version = 'v3';
    const firstPage = async () => {
        try {
            return await client.listEnterpriseServiceUsersPage('v3', { first: paging/* PAGE_SIZE */.m });
        }
        catch (error) {
            if (!(error instanceof devin_errors/* DevinApiError */.D7) || error.status !== 404)
                throw error;
        }
        version = 'v3beta1';
        try {
            return await client.listEnterpriseServiceUsersPage('v3beta1', { first: paging/* PAGE_SIZE */.m });
        }
        catch (error) {
            if (!(error instanceof devin_errors/* DevinApiError */.D7) || error.status !== 404)
                throw error;
            throw new devin_errors/* DevinApiError */.D7(`Could not list ${LISTING}: ${client.origin} answered HTTP 404 on GET ${V3_PATH} and on the older GET ${V3BETA1_PATH}.\nLikely causes: base_url is not the Devin API of your deployment; or the deployment does not serve the listing of service users (it needs ViewAccountMembership).\nFix: set base_url to https://api.devin.ai or to your dedicated Enterprise API domain; or name the service users in service_user_id instead of all.`, 404);
        }
    };
    const users = new Map();
    try {
        await (0,paging/* forEachPage */.o)((after) => after === undefined
            ? firstPage()
            : client.listEnterpriseServiceUsersPage(version, { first: paging/* PAGE_SIZE */.m, after }), (items) => {
            for (const item of items) {
                if (!(0,ids/* isUsableId */.cZ)(item.service_user_id)) {
                    throw new devin_errors/* DevinApiError */.D7(`The API named a service user the action cannot use: the listing of ${LISTING} holds ${(0,untrusted/* quoteUntrusted */.X0)(item.service_user_id)}, and an id must be ${ids/* ID_RULE */.Rb}.\nFix: name the service users to audit in service_user_id instead of all, and report this to Devin support.`);
                }
                // A service user listed twice (the listing moved under the cursor) is audited once.
                if (!users.has(item.service_user_id))
                    users.set(item.service_user_id, factsOf(item));
            }
        }, LISTING);
    }
    catch (error) {
        const status = error instanceof devin_errors/* DevinApiError */.D7 ? error.status : undefined;
        if (status === 401 || status === 403) {
            throw new devin_errors/* DevinApiError */.D7(`${error.message}\n${NEEDS_MEMBERSHIP}`, status);
        }
        throw error;
    }
    return [...users.values()];
}
/**
 * A named service user as a member of the enterprise, for its expiry; its id is the one asked
 * for. Undefined with the status when the credential may not read it (403) or the API does not
 * know it as a member (404): the keys are audited anyway, and the listing of keys says whether
 * the service user exists.
 */
async function readServiceUser(client, serviceUserId) {
    try {
        const user = await client.getEnterpriseServiceUser(serviceUserId);
        return { facts: { ...factsOf(user), id: serviceUserId } };
    }
    catch (error) {
        if (error instanceof devin_errors/* DevinApiError */.D7 && (error.status === 403 || error.status === 404)) {
            return { unreadable: error.status };
        }
        throw error;
    }
}

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
async function auditServiceUser(client, serviceUserId, inputs, context, reportFile, stop, listedAsMember) {
    const tally = new ServiceUserTally(serviceUserId);
    const part = reportFile?.part(serviceUserId);
    try {
        tally.pages = await listPages();
    }
    catch (error) {
        // The listing of all includes removed service users, whose keys may be gone with them: a
        // finding of that one service user, not a failure of the whole audit.
        const notFound = error instanceof devin_errors/* DevinApiError */.D7 && error.status === 404;
        if (!listedAsMember || !notFound || tally.counts.key_count > 0)
            throw error;
        return { audit: finishTally(tally), keysNotFound: true };
    }
    return { audit: finishTally(tally), keysNotFound: false };
    function listPages() {
        return (0,paging/* forEachPage */.o)((after) => 
        // Once another service user's listing has failed, the audit has failed: no more pages.
        stop.aborted
            ? Promise.reject(stop.reason)
            : client.listServiceUserKeysPage(serviceUserId, {
                status: inputs.status,
                first: paging/* PAGE_SIZE */.m,
                after,
            }), (items) => {
            for (const item of items) {
                const key = new audit_policy/* AuditedKey */.cf(item, context);
                tally.add(key);
                part?.add(key);
            }
        }, `the API keys of service user ${(0,untrusted/* quoteUntrusted */.X0)(serviceUserId)}`);
    }
}
/** Service users named in a notice or failure message; the rest are counted. */
const MAX_NAMED_SERVICE_USERS = 20;
async function auditTargets(client, inputs, runtime) {
    if (inputs.allServiceUsers) {
        const facts = await listEnterpriseServiceUsers(client);
        runtime.info(`The enterprise lists ${facts.length} service users, inactive ones included.`);
        if (facts.length === 0) {
            runtime.warning('The enterprise lists no service user at all, so there was nothing to audit.\nFix: check that base_url is the Devin API of your enterprise.', { title: 'No service users' });
        }
        return { facts, read: false };
    }
    const ids = inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await (0,service_user/* ownServiceUserId */.Gi)(client)];
    const unknown = (id) => ({ id, name: null, expiresAt: undefined });
    return { facts: ids.map(unknown), read: inputs.serviceUserIds.length > 0 };
}
/** One service user: read as a member first when asked, while its keys are listed. */
async function auditOne(client, facts, read, unreadable, audit, context) {
    // Both at once: the read costs no wait of its own. Settled both, so that nothing is in
    // flight when the client closes.
    const [member, keys] = await Promise.allSettled([
        read ? readServiceUser(client, facts.id) : Promise.resolve({ facts }),
        audit(),
    ]);
    if (keys.status === 'rejected')
        throw keys.reason;
    if (member.status === 'rejected')
        throw member.reason;
    if ('unreadable' in member.value)
        unreadable.set(facts.id, member.value.unreadable);
    const known = 'facts' in member.value ? member.value.facts : facts;
    return {
        serviceUser: new AuditedServiceUser(known, context),
        audit: keys.value.audit,
        keysNotFound: keys.value.keysNotFound,
    };
}
function noticeUnreadable(runtime, unreadable) {
    if (unreadable.size === 0)
        return;
    const ids = [...unreadable.keys()];
    const named = ids
        .slice(0, MAX_NAMED_SERVICE_USERS)
        .map((id) => `${(0,untrusted/* quoteUntrusted */.X0)(id)} (HTTP ${unreadable.get(id) ?? ''})`);
    if (ids.length > named.length)
        named.push(`and ${ids.length - named.length} more`);
    runtime.notice(`Could not read ${ids.length === 1 ? 'service user' : 'the service users'} ${named.join(', ')} with GET /v3/enterprise/members/service-users/{id}, so ${ids.length === 1 ? 'its own expiry was' : 'their own expiry was'} not audited; the keys were audited anyway.\nFix: give the credential's service user ViewAccountMembership at enterprise level (Enterprise Settings > Service Users) to audit the service users' expiry as well.`, { title: 'Service user expiry not audited' });
}
function describeServiceUser(serviceUser) {
    const id = (0,untrusted/* quoteUntrusted */.X0)(serviceUser.id);
    return serviceUser.name === null || serviceUser.name === serviceUser.id
        ? `service user ${id}`
        : `service user ${(0,untrusted/* quoteUntrusted */.X0)(serviceUser.name)} (${id})`;
}
function describeKey(serviceUserId, key) {
    return `key ${(0,untrusted/* quoteUntrusted */.X0)(key.name)} (${(0,untrusted/* quoteUntrusted */.X0)(key.id)}) of ${(0,untrusted/* quoteUntrusted */.X0)(serviceUserId)}`;
}
function annotate(runtime, audits, serviceUsers) {
    let annotated = 0;
    for (const serviceUser of [...serviceUsers].sort((a, b) => a.severity - b.severity)) {
        for (const finding of serviceUser.findings) {
            if (annotated >= MAX_ANNOTATIONS)
                break;
            annotated++;
            runtime.warning(`Devin ${describeServiceUser(serviceUser)}: ${finding.reason}`, {
                title: `Devin ${finding.class.replaceAll('_', ' ')}`,
            });
        }
    }
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
    const total = audits.reduce((sum, audit) => sum + audit.findingCount, 0) +
        serviceUsers.reduce((sum, serviceUser) => sum + serviceUser.findings.length, 0);
    if (total > annotated) {
        runtime.warning(`${total - annotated} more findings are not annotated; see the job summary or the report output.`);
    }
}
function failureMessage(failingCount, failing, failOn, failingServiceUsers) {
    const classes = [...failOn].join(', ');
    const users = failingServiceUsers.slice(0, MAX_NAMED_SERVICE_USERS).map((serviceUser) => {
        const reasons = serviceUser.findings
            .filter((finding) => finding.failing)
            .map((finding) => finding.reason)
            .join('; ');
        return `  - ${describeServiceUser(serviceUser)}: ${reasons}`;
    });
    if (failingServiceUsers.length > users.length) {
        users.push(`  - and ${failingServiceUsers.length - users.length} more (see the report output)`);
    }
    const usersPart = users.length === 0
        ? ''
        : `The audit failed: ${failingServiceUsers.length} service ${failingServiceUsers.length === 1 ? 'user falls' : 'users fall'} in a fail_on class (${classes}):\n${users.join('\n')}\nFix: renew or replace these service users in Enterprise Settings > Service Users, and move the CI that depends on them to one that is active.`;
    if (failingCount === 0)
        return usersPart;
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
    const keysPart = `${usersPart === '' ? 'The audit failed: ' : '\nAnd '}${failingCount} ${failingCount === 1 ? 'key falls' : 'keys fall'} in a fail_on class (${classes}):\n${named.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; set fail_on to change what fails the job.`;
    return `${usersPart}${keysPart}`;
}
/**
 * The report output: every key when no service user has more keys than the action keeps and
 * the whole fits the output limit; else only the failing keys, the worst of the whole audit
 * first (1000 at most, fewer if they would not fit), marked as cut.
 */
function reportOutput(audits, failing, failingCount, nowSeconds, reportFileWritten, serviceUsers) {
    const allKept = audits.every((audit) => audit.counts.key_count <= KEPT_WORST_KEYS);
    if (allKept) {
        const full = reportJson(audits, (audit) => audit.worstKeys, nowSeconds, {}, serviceUsers);
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
        }, serviceUsers);
        if (count === 0 || Buffer.byteLength(cut) <= MAX_REPORT_OUTPUT_BYTES)
            return cut;
    }
}
async function trackIssue(runtime, inputs, audits, summary, failed) {
    if (inputs.trackingIssue === undefined)
        return;
    const { trackingMarker, syncTrackingIssue } = await __webpack_require__.e(/* import() */ 812).then(__webpack_require__.bind(__webpack_require__, 3812));
    // For all, the word itself: the issue is found again as service users come and go.
    const marker = trackingMarker(inputs.allServiceUsers ? [parsers/* ALL_SERVICE_USERS */.BX] : audits.map((audit) => audit.serviceUserId));
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
    let outcomes;
    const unreadable = new Map();
    try {
        const targets = await auditTargets(client, inputs, runtime);
        runtime.startGroup(`Listing the API keys of ${targets.facts.length > MAX_NAMED_SERVICE_USERS ? `${targets.facts.length} service users` : targets.facts.map(({ id }) => (0,untrusted/* quoteUntrusted */.X0)(id)).join(', ')}`);
        try {
            outcomes = await (0,concurrency/* mapConcurrently */.X)(targets.facts, SERVICE_USER_CONCURRENCY, (facts, stop) => auditOne(client, facts, targets.read, unreadable, () => auditServiceUser(client, facts.id, inputs, auditContext, reportFile, stop, inputs.allServiceUsers), auditContext));
            for (const { audit, serviceUser } of outcomes) {
                const own = serviceUser.findings.map((finding) => `; ${finding.reason}`).join('');
                runtime.info(`${(0,untrusted/* quoteUntrusted */.X0)(audit.serviceUserId)}: ${audit.counts.key_count} keys in ${audit.pages} page${audit.pages === 1 ? '' : 's'}, ${audit.keysWithFindings} with findings${own}`);
            }
        }
        finally {
            runtime.endGroup();
        }
    }
    finally {
        await client.close();
    }
    noticeUnreadable(runtime, unreadable);
    const audits = outcomes.map(({ audit }) => audit);
    const serviceUsers = outcomes.map(({ serviceUser }) => serviceUser);
    const serviceUserById = new Map(serviceUsers.map((serviceUser) => [serviceUser.id, serviceUser]));
    const failingServiceUsers = serviceUsers
        .filter((serviceUser) => serviceUser.failing)
        .sort((a, b) => a.severity - b.severity);
    const counts = totalCounts(audits);
    const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
    annotate(runtime, audits, serviceUsers);
    for (const { serviceUser, keysNotFound } of outcomes) {
        if (keysNotFound !== true)
            continue;
        runtime.warning(`Devin ${describeServiceUser(serviceUser)} is listed by the enterprise, but its keys are not found (HTTP 404): it was most likely removed, and its keys with it.\nFix: nothing, if it was removed on purpose; else check it in Enterprise Settings > Service Users.`, { title: 'Service user keys not found' });
    }
    if (reportFile !== undefined) {
        reportFile.finish(counts, nowSeconds, serviceUserById);
        runtime.setOutput('report_path', reportFile.path);
    }
    const failingKeys = keptKeysWorstFirst(audits, (key) => key.failing);
    runtime.setOutput('report', reportOutput(audits, failingKeys, failingCount, nowSeconds, reportFile !== undefined, serviceUserById));
    for (const [name, value] of Object.entries(counts))
        runtime.setOutput(name, String(value));
    const summary = auditSummary(audits, counts, failingCount, nowSeconds, outcomes);
    await runtime.appendSummary(summary);
    const failed = failingCount > 0 || failingServiceUsers.length > 0;
    await trackIssue(runtime, inputs, audits, summary, failed);
    if (failed) {
        throw new errors/* ActionError */.lZ(failureMessage(failingCount, failingKeys, inputs.policy.failOn, failingServiceUsers));
    }
    runtime.info(`The audit passed: ${counts.key_count} keys of ${serviceUsers.length} service user${serviceUsers.length === 1 ? '' : 's'}, none in a fail_on class, nor any service user.`);
}


/***/ }),

/***/ 1245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gi: () => (/* binding */ ownServiceUserId),
/* harmony export */   TH: () => (/* binding */ listKeys),
/* harmony export */   describeLostKeys: () => (/* binding */ describeLostKeys),
/* harmony export */   findLostKeys: () => (/* binding */ findLostKeys),
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
/** Clocks of the runner and the API may differ by this much when matching a lost key. */
const CLOCK_SKEW_SECONDS = 300;
/**
 * The keys a lost create may have made: active, with this name, made since the request left
 * (allowing for skew between the clocks).
 */
async function findLostKeys(client, serviceUserId, name, sentAtSeconds) {
    return (await listKeys(client, serviceUserId, 'active')).filter((key) => key.api_key_name === name && key.created_at >= sentAtSeconds - CLOCK_SKEW_SECONDS);
}
/** The candidates, for a message: name, id and when each was made. */
function describeLostKeys(keys) {
    return keys
        .slice(0, 10)
        .map((key) => `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_id)} (created ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(key.created_at)})`)
        .join(', ');
}


/***/ })

};
