export const id = 812;
export const ids = [812];
export const modules = {

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
