export const id = 965;
export const ids = [965];
export const modules = {

/***/ 5965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CompiledApiKeyPage: () => (/* binding */ CompiledApiKeyPage)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7478);
/* harmony import */ var _schemas_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2768);


/**
 * ApiKeyPage compiled by zod into one specialised function: an audit parses up to a hundred
 * thousand keys, and the compiled check is about ten times faster than the generic parser. An
 * invalid page falls back to the generic parser, so it is reported exactly the same. A module of
 * its own, loaded by the first listing: runs that never list keys do not load the compiler.
 */
const CompiledApiKeyPage = zod__WEBPACK_IMPORTED_MODULE_1__/* .compile */ .wE(_schemas_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiKeyPage */ .R2);


/***/ })

};
