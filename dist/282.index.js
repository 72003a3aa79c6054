export const id = 282;
export const ids = [282];
export const modules = {

/***/ 5282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubIssueApi: () => (/* binding */ githubIssueApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);

/** Open issues searched for the marker; past this many, the action opens a new one. */
const MAX_ISSUE_PAGES = 10;
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
                const found = data.find((candidate) => candidate.pull_request === undefined && candidate.body?.includes(marker));
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


/***/ })

};
