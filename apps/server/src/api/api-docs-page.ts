import type { OpenApiDocument, OpenApiOperation } from './openapi.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `code` spans for the backticks of a description; everything else as text. */
const prose = (text: string): string =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`);

const schemaBlock = (title: string, schema: unknown): string =>
  `<details><summary>${escapeHtml(title)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;

function operationHtml(path: string, method: string, op: OpenApiOperation): string {
  const params = op.parameters.length
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const body = op.requestBody
    ? schemaBlock('Request body', op.requestBody.content['application/json'].schema)
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) =>
      status.startsWith('2')
        ? schemaBlock(`${status}: ${r.description}`, r.content['application/json'].schema)
        : `<li><strong>${status}</strong> ${prose(r.description)}</li>`,
    )
    .join('');
  return `<section id="${escapeHtml(op.operationId)}"><h3><span class="m">${method.toUpperCase()}</span> <code>/api/v1${escapeHtml(path)}</code></h3>
<p>${prose(op.summary)} <span class="scope">scope: ${escapeHtml(op['x-scope'])}</span></p>${params}${body}<ul>${responses}</ul></section>`;
}

/**
 * A readable reference of the REST API, rendered on the server from its OpenAPI document: one
 * self-contained page (no script, no CDN: Parley's machines may be offline), served at `/api/docs`.
 * @example reply.type('text/html').send(renderApiDocs(buildOpenApi(routes)));
 */
export function renderApiDocs(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const sections = document.tags
    .map(({ name }) => {
      const ops = operations.filter(({ op }) => op.tags.includes(name));
      return `<h2>${escapeHtml(name)}</h2>${ops.map(({ path, method, op }) => operationHtml(path, method, op)).join('')}`;
    })
    .join('');
  const toc = operations
    .map(
      ({ path, method, op }) =>
        `<li><a href="#${escapeHtml(op.operationId)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;background:#fff}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f3f3f6;padding:.75rem;overflow:auto}
section{border-top:1px solid #ccc;padding:.5rem 0}.m{background:#1b4d8c;color:#fff;padding:0 .4rem;border-radius:3px}
.scope{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
@media (prefers-color-scheme:dark){body{background:#16161a;color:#ececf1}pre{background:#24242b}.scope{color:#b4b4c0}a{color:#9cc3ff}}</style></head>
<body><h1>${escapeHtml(document.info.title)}</h1><p>${prose(document.info.description)}</p>
<p>The machine-readable document: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI ${document.openapi}).
Authenticate with <code>Authorization: Bearer pk_…</code>.</p><nav><ul>${toc}</ul></nav>${sections}</body></html>`;
}
