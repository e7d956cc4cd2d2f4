import type { OpenApiDocument, Operation, ResponseObject } from './document';
import { ERROR_SCHEMA_NAME } from './error-responses';

// The document as one self-contained HTML page: no script, no CDN, no fonts to fetch, so it
// works on clinic networks without internet. Rendered once on the server from the document.

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

// Descriptions are plain text with `code` spans.
const paragraphs = (text: string) =>
  text
    .split(/\n\n+/)
    .map((p) => `<p>${escape(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');

// A long list (the IANA time zones) is shortened on the page; /openapi.json has it whole.
const LONG_ENUM = 20;
const shortened = (key: string, value: unknown) =>
  key === 'enum' && Array.isArray(value) && value.length > LONG_ENUM
    ? [...value.slice(0, 5), `… ${value.length - 5} more (see /openapi.json)`]
    : value;
const json = (value: unknown) => `<pre>${escape(JSON.stringify(value, shortened, 2))}</pre>`;

interface Entry {
  method: string;
  path: string;
  op: Operation;
}

function entriesByTag(doc: OpenApiDocument): Map<string, Entry[]> {
  const byTag = new Map<string, Entry[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method: method.toUpperCase(), path, op });
    }
  }
  return byTag;
}

/** Reusable responses (the error ones) by name, as `#/components/responses/<name>` refers to them. */
type Shared = Record<string, ResponseObject>;

function renderResponse(status: string, response: ResponseObject | { $ref: string }, shared: Shared): string {
  if ('$ref' in response) {
    const meaning = shared[response.$ref.split('/').pop()!]?.description ?? '';
    return `<li><b>${escape(status)}</b> ${escape(meaning)} <a href="#errors">(error body)</a></li>`;
  }
  const bodies = Object.entries(response.content ?? {})
    .map(([type, { schema }]) => `<details><summary>${escape(type)}</summary>${json(schema)}</details>`)
    .join('');
  return `<li><b>${escape(status)}</b> ${escape(response.description)}${bodies}</li>`;
}

function renderOperation({ method, path, op }: Entry, shared: Shared): string {
  const parameters = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escape(
              p.description ?? '',
            )}</td><td><code>${escape(JSON.stringify(p.schema, shortened))}</code></td></tr>`,
        )
        .join('')}</table>`
    : '';
  const body = op.requestBody
    ? `<h4>Request body (application/json)</h4><details open><summary>schema</summary>${json(
        op.requestBody.content['application/json'].schema,
      )}</details>`
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, response]) => renderResponse(status, response, shared))
    .join('');
  return `<section class="op" id="${escape(op.operationId)}">
<h3><span class="method ${method.toLowerCase()}">${method}</span> <code>${escape(path)}</code></h3>
<p class="summary">${escape(op.summary)}</p>
${paragraphs(op.description)}
${parameters}
${body}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const byTag = [...entriesByTag(doc)].filter(([, entries]) => entries.length > 0);
  const description = (name: string) => doc.tags.find((t) => t.name === name)?.description ?? '';
  const nav = byTag
    .map(
      ([tag, entries]) =>
        `<h3>${escape(tag)}</h3><ul>${entries
          .map(
            (e) =>
              `<li><a href="#${escape(e.op.operationId)}"><code>${e.method} ${escape(e.path)}</code></a> ${escape(
                e.op.summary,
              )}</li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  const shared = doc.components.responses as Shared;
  const sections = byTag
    .map(
      ([tag, entries]) =>
        `<h2>${escape(tag)}</h2><p>${escape(description(tag))}</p>${entries
          .map((e) => renderOperation(e, shared))
          .join('')}`,
    )
    .join('');
  const errors = Object.entries(shared)
    .map(([name, r]) => `<li><b>${escape(name.replace(/^Error/, ''))}</b> ${escape(r.description)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #1d2330; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { background: #f4f6f8; padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
nav ul, .op ul { padding-left: 1.25rem; }
.op { border-top: 1px solid #d8dde3; padding: .5rem 0 1rem; }
.summary { font-weight: 600; }
.method { display: inline-block; min-width: 3.5rem; text-align: center; border-radius: 4px; color: #fff; font-size: 13px; }
.get { background: #2f6fb0; } .post { background: #2e8b57; }
table { border-collapse: collapse; } td, th { border: 1px solid #d8dde3; padding: .25rem .5rem; vertical-align: top; text-align: left; }
</style>
</head>
<body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
${paragraphs(doc.info.description)}
<p>OpenAPI ${escape(doc.openapi)}: <a href="/openapi.json">/openapi.json</a></p>
<nav><h2>Operations</h2>${nav}</nav>
${sections}
<h2 id="errors">Errors</h2>
<p>Every error status answers with this body:</p>
${json(doc.components.schemas[ERROR_SCHEMA_NAME])}
<ul>${errors}</ul>
</body>
</html>
`;
}
