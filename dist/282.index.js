export const id = 282;
export const ids = [282,812];
export const modules = {

/***/ 5282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubIssueApi: () => (/* binding */ githubIssueApi),
/* harmony export */   workflowRun: () => (/* binding */ workflowRun)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _tracking_issue_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3812);


/** Open issues searched for the marker; past this many, the action opens a new one. */
const MAX_ISSUE_PAGES = 10;
function workflowRun(getEnv) {
    const repository = getEnv('GITHUB_REPOSITORY') ?? '';
    const server = getEnv('GITHUB_SERVER_URL');
    const runId = getEnv('GITHUB_RUN_ID');
    const runUrl = server && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
    return { repository, runUrl };
}
/**
 * The tracking issue's calls on GitHub's REST API. @actions/github reads GITHUB_API_URL, so
 * GitHub Enterprise Server works as it is.
 */
function githubIssueApi(githubToken, repository) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(githubToken);
    const [owner = '', repo = ''] = repository.split('/');
    const issue = (issueNumber) => ({ owner, repo, issue_number: issueNumber });
    return {
        async findOpenIssue(marker) {
            let pages = 0;
            for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
                owner,
                repo,
                state: 'open',
                per_page: 100,
            })) {
                const found = data.find((candidate) => candidate.pull_request === undefined &&
                    candidate.body?.includes(marker) === true &&
                    (0,_tracking_issue_js__WEBPACK_IMPORTED_MODULE_1__/* .mayHoldMarker */ .f3)({
                        userType: candidate.user?.type,
                        authorAssociation: candidate.author_association,
                    }));
                if (found !== undefined)
                    return found.number;
                if (++pages >= MAX_ISSUE_PAGES)
                    return undefined;
            }
            return undefined;
        },
        async createIssue(title, body) {
            const { data } = await octokit.rest.issues.create({ owner, repo, title, body });
            return data.number;
        },
        async updateIssue(issueNumber, title, body) {
            await octokit.rest.issues.update({ ...issue(issueNumber), title, body });
        },
        async addComment(issueNumber, body) {
            await octokit.rest.issues.createComment({ ...issue(issueNumber), body });
        },
        async closeIssue(issueNumber) {
            await octokit.rest.issues.update({
                ...issue(issueNumber),
                state: 'closed',
                state_reason: 'completed',
            });
        },
    };
}


/***/ }),

/***/ 3812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f3: () => (/* binding */ mayHoldMarker),
/* harmony export */   syncTrackingIssue: () => (/* binding */ syncTrackingIssue),
/* harmony export */   trackingMarker: () => (/* binding */ trackingMarker)
/* harmony export */ });
/* unused harmony exports MAX_ISSUE_BODY_LENGTH, trackingIssueBody */
/** The marker of the audit of these service users (ids are validated: no "-->" inside). */
function trackingMarker(serviceUserIds) {
    return `<!-- devin-keys-action:audit ${[...serviceUserIds].sort().join(',')} -->`;
}
/**
 * GitHub refuses a longer issue body (HTTP 422). It counts characters; JS string length counts
 * UTF-16 units, never fewer, so a body that fits here fits there.
 */
const MAX_ISSUE_BODY_LENGTH = 65_536;
/**
 * The issue body: the marker, then the summary. When the whole is too long for GitHub, the
 * summary is cut at a line boundary, so no table row is split, and a note says where the whole
 * is. Only a marker too long by itself (hundreds of long service user ids) is still refused.
 */
function trackingIssueBody(marker, summary, runUrl) {
    const whole = `${marker}\n${summary}`;
    if (whole.length <= MAX_ISSUE_BODY_LENGTH)
        return whole;
    // A blank line first ends the table, or the note would render as one more row.
    const note = `\n\nThe table was cut here to fit GitHub's limit on issue bodies (${MAX_ISSUE_BODY_LENGTH.toLocaleString('en-US')} characters); the run's job summary has it whole${runUrl === undefined ? '.' : `: ${runUrl}`}`;
    const lastBreak = whole.lastIndexOf('\n', MAX_ISSUE_BODY_LENGTH - note.length);
    return `${whole.slice(0, Math.max(lastBreak, marker.length))}${note}`;
}
/** The repository's owner, members of the organization that owns it, and collaborators. */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
/**
 * Whether an issue by this author may be the tracking issue. The marker is predictable, so
 * anyone who may open an issue could plant it; the action would then rewrite or close their
 * issue. Only bots, which an administrator installs, and people the repository trusts count.
 */
function mayHoldMarker(author) {
    return (author.userType === 'Bot' ||
        (author.authorAssociation !== undefined && TRUSTED_ASSOCIATIONS.has(author.authorAssociation)));
}
/** Brings the tracking issue in line with the audit; says what it did. */
async function syncTrackingIssue(api, outcome) {
    const existing = await api.findOpenIssue(outcome.marker);
    const body = trackingIssueBody(outcome.marker, outcome.body, outcome.runUrl);
    const seeRun = outcome.runUrl === undefined ? '' : ` See ${outcome.runUrl}.`;
    if (outcome.failed) {
        if (existing === undefined) {
            return `Opened tracking issue #${await api.createIssue(outcome.title, body)}.`;
        }
        await api.updateIssue(existing, outcome.title, body);
        await api.addComment(existing, `The audit failed again; the table above is up to date.${seeRun}`);
        return `Updated tracking issue #${existing}.`;
    }
    if (existing === undefined)
        return 'No tracking issue is open; nothing to close.';
    await api.addComment(existing, `The audit passed: no key needs attention any more.${seeRun}`);
    await api.closeIssue(existing);
    return `Closed tracking issue #${existing}.`;
}


/***/ })

};
