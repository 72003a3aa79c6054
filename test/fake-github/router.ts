/**
 * The routes the stand-in serves, each under GitHub's path template. The template is also the
 * route's name as an "endpoint" of GitHub's secondary limit (points per minute per endpoint):
 * `PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}` is one endpoint whatever repository
 * or secret a request names.
 */
import type { Answer } from './problems.ts';

export interface Route<Context> {
  method: string;
  /** GitHub's path template, such as `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  /** Where GitHub's errors from this route point. */
  docs: string;
  handle(params: Record<string, string>, context: Context): Answer;
}

interface CompiledRoute<Context> {
  route: Route<Context>;
  pattern: RegExp;
  names: string[];
}

const PARAMETER = /^\{(\w+)\}$/;

function compile<Context>(route: Route<Context>): CompiledRoute<Context> {
  const names: string[] = [];
  const source = route.template
    .split('/')
    .map((segment) => {
      const name = PARAMETER.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** The path's parameters by name, decoded; undefined when the path is not the route's. */
function parametersOf<Context>(
  compiled: CompiledRoute<Context>,
  pathname: string,
): Record<string, string> | undefined {
  const match = compiled.pattern.exec(pathname);
  if (match === null) return undefined;
  try {
    return Object.fromEntries(
      compiled.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
    );
  } catch {
    return undefined;
  }
}

export class Router<Context> {
  private readonly compiled: CompiledRoute<Context>[];

  /** Routes are tried in order: put a literal segment (`public-key`) before a parameter. */
  constructor(routes: readonly Route<Context>[]) {
    this.compiled = routes.map(compile);
  }

  match(
    method: string,
    pathname: string,
  ): { route: Route<Context>; params: Record<string, string> } | undefined {
    for (const compiled of this.compiled) {
      if (compiled.route.method !== method) continue;
      const params = parametersOf(compiled, pathname);
      if (params !== undefined) return { route: compiled.route, params };
    }
    return undefined;
  }

  /** The endpoint a request counts under: its route's template, else the path itself. */
  endpointOf(method: string, pathname: string): string {
    const served = this.match(method, pathname);
    if (served !== undefined) return `${method} ${served.route.template}`;
    const sameShape = this.compiled.find(
      (compiled) => parametersOf(compiled, pathname) !== undefined,
    );
    return `${method} ${sameShape?.route.template ?? pathname}`;
  }
}
