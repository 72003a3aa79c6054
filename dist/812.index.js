export const id = 812;
export const ids = [812];
export const modules = {

/***/ 3812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncTrackingIssue: () => (/* binding */ syncTrackingIssue),
/* harmony export */   trackingMarker: () => (/* binding */ trackingMarker)
/* harmony export */ });
/** The marker of the audit of these service users (ids are validated: no "-->" inside). */
function trackingMarker(serviceUserIds) {
    return `<!-- devin-keys-action:audit ${[...serviceUserIds].sort().join(',')} -->`;
}
/** Brings the tracking issue in line with the audit; says what it did. */
async function syncTrackingIssue(api, outcome) {
    const existing = await api.findOpenIssue(outcome.marker);
    const body = `${outcome.marker}\n${outcome.body}`;
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
