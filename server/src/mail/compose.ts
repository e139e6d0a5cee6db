import type { Mail } from './mailer';

export interface MailContent {
  subject: string;
  /** Paragraphs of plain text, in order. */
  paragraphs: string[];
  /**
   * Headed groups after the paragraphs (a digest's conversations and contracts): each item a line
   * of text, with a link when it has one (in text, the URL on a line of its own after the item).
   */
  sections?: MailSection[];
  /** The one thing to do: a button in HTML, the bare URL on a line of its own in text. */
  action?: { label: string; url: string };
  /** Small print after a rule (why this mail came, how to stop it). */
  footer?: string[];
}

export interface MailSection {
  heading: string;
  items: Array<{ text: string; url?: string }>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** The same content as a plain-text part and an HTML part; every value is escaped in the HTML. */
export function composeMail(to: string, content: MailContent, headers?: Record<string, string>): Mail {
  const text = [
    ...content.paragraphs,
    ...(content.sections ?? []).map((section) =>
      [section.heading, ...section.items.map((item) => `- ${item.text}${item.url ? `\n  ${item.url}` : ''}`)].join('\n'),
    ),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.footer?.length ? ['--', ...content.footer] : []),
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933">',
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(content.sections ?? []).map((section) =>
      [
        `<h2 style="font-size: 16px; margin: 20px 0 4px">${escapeHtml(section.heading)}</h2>`,
        '<ul style="margin: 0; padding-left: 20px">',
        ...section.items.map((item) => `<li>${item.url ? `<a href="${escapeHtml(item.url)}">${escapeHtml(item.text)}</a>` : escapeHtml(item.text)}</li>`),
        '</ul>',
      ].join('\n'),
    ),
    ...(content.action
      ? [`<p><a href="${escapeHtml(content.action.url)}" style="display: inline-block; padding: 8px 16px; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px">${escapeHtml(content.action.label)}</a></p>`,
         `<p style="font-size: 13px">Or open this address: ${escapeHtml(content.action.url)}</p>`]
      : []),
    ...(content.footer?.length ? ['<hr>', ...content.footer.map((line) => `<p style="font-size: 13px; color: #52606d">${escapeHtml(line)}</p>`)] : []),
    '</body></html>',
  ].join('\n');
  return { to, subject: content.subject, text, html, ...(headers ? { headers } : {}) };
}
