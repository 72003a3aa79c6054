export const id = 730;
export const ids = [730];
export const modules = {

/***/ 6730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  provision: () => (/* binding */ provision)
});

// EXTERNAL MODULE: ./src/base/untrusted.ts
var untrusted = __webpack_require__(4988);
;// CONCATENATED MODULE: ./src/summary/provision-summary.ts

/** The job summary of a provision run. It names the key's kind, never any part of the key. */
function provisionSummary(report) {
    const org = (0,untrusted/* markdownText */.p7)(report.orgId);
    const heading = report.dryRun
        ? '### Devin service API key: dry run'
        : '### Devin service API key provisioned';
    const keyRow = report.dryRun
        ? '| Key | none: a dry run creates nothing |'
        : '| Key | service API key (`apk_…`), masked in logs; read it from the `api_key` output |';
    const lead = report.dryRun
        ? `A real run would send \`POST /v2/enterprise/api-keys\` for organization ${org}. The inputs and the kind of credential were checked; no request was made.`
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
        `| API | ${(0,untrusted/* markdownText */.p7)(report.apiOrigin)} |`,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/operations/context.ts + 2 modules
var operations_context = __webpack_require__(5105);
;// CONCATENATED MODULE: ./src/operations/provision.ts



/**
 * Mints a service API key for one organization (v2) and hands it to later steps. The client
 * masks the key the moment it parses the answer, before this code ever sees it.
 */
async function provision(inputs, context) {
    const { runtime } = context;
    const org = (0,untrusted/* quoteUntrusted */.X0)(inputs.orgId);
    const apiOrigin = inputs.baseUrl.origin;
    if (inputs.dryRun) {
        runtime.info(`Dry run: the inputs and the credential kind are valid. A real run would send POST /v2/enterprise/api-keys to ${apiOrigin} for organization ${org}; nothing was sent.`);
        runtime.setOutput('org_id', inputs.orgId);
        await runtime.appendSummary(provisionSummary({ orgId: inputs.orgId, apiOrigin, dryRun: true }));
        return;
    }
    const client = (0,operations_context.openDevinClient)(inputs, context);
    runtime.startGroup(`Provisioning a service API key for organization ${org}`);
    try {
        const issued = await client.provisionServiceKey(inputs.orgId);
        runtime.setOutput('api_key', issued.api_key);
        runtime.setOutput('org_id', issued.org_id);
        if (issued.org_id !== inputs.orgId) {
            runtime.warning(`Asked for a key for organization ${org}, but the API says it issued one for ${(0,untrusted/* quoteUntrusted */.X0)(issued.org_id)}.`);
        }
        runtime.info(`Issued a service API key (apk_…) for organization ${(0,untrusted/* quoteUntrusted */.X0)(issued.org_id)}. It is masked in the log; later steps read it from the api_key output.`);
    }
    finally {
        runtime.endGroup();
        await client.close();
    }
    await runtime.appendSummary(provisionSummary({ orgId: inputs.orgId, apiOrigin, dryRun: false }));
}


/***/ })

};
