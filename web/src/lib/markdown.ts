/**
 * Markdown from packages, rendered safely: marked turns it into HTML, DOMPurify removes anything
 * that could run (scripts, event handlers, javascript: URLs, forms, iframes), links open in a new
 * tab without opener access. Loaded on demand: the first route does not pay for it.
 */
export async function renderMarkdown(markdown: string): Promise<string> {
  const [{ marked }, { default: DOMPurify }] = await Promise.all([import('marked'), import('dompurify')]);
  const html = await marked.parse(markdown, { gfm: true, breaks: false, async: true });
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  const clean = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|gif|jpe?g|webp);)/i,
  });
  DOMPurify.removeHook('afterSanitizeAttributes');
  return clean;
}
