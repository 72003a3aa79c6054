/**
 * The answers of the stand-in Devin API, in the three error shapes the API documents: v3's RFC
 * 9457 problem details, the legacy `{detail: "text"}`, and FastAPI's 422 list.
 */

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function legacyError(status: number, detail: string): Answer {
  return { status, body: { detail } };
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

export function problem(status: number, detail: string): Answer {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'Error', status, detail },
  };
}

/** One entry of FastAPI's 422 list; pydantic adds `input` and `ctx` where it has them. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export function validationErrors(issues: readonly ValidationIssue[]): Answer {
  return { status: 422, body: { detail: issues } };
}

export function validationError(loc: (string | number)[], msg: string, type: string): Answer {
  return validationErrors([{ loc, msg, type }]);
}

/** The bounds of an integer query parameter, as FastAPI's `Query(default, ge=…, le=…)` has them. */
export interface IntegerBounds {
  fallback: number;
  ge?: number;
  le?: number;
}

/** An integer query parameter read as FastAPI (pydantic v2) reads it: the value, or the issue. */
export function integerQuery(
  query: Record<string, string>,
  name: string,
  bounds: IntegerBounds,
): number | ValidationIssue {
  const text = query[name];
  if (text === undefined) return bounds.fallback;
  const loc = ['query', name];
  if (!/^[+-]?\d+$/.test(text)) {
    return {
      loc,
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      type: 'int_parsing',
      input: text,
    };
  }
  const value = Number(text);
  if (bounds.ge !== undefined && value < bounds.ge) {
    return {
      loc,
      msg: `Input should be greater than or equal to ${bounds.ge}`,
      type: 'greater_than_equal',
      input: text,
      ctx: { ge: bounds.ge },
    };
  }
  if (bounds.le !== undefined && value > bounds.le) {
    return {
      loc,
      msg: `Input should be less than or equal to ${bounds.le}`,
      type: 'less_than_equal',
      input: text,
      ctx: { le: bounds.le },
    };
  }
  return value;
}
