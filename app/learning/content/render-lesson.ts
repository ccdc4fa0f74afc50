import { Marked } from "marked";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Lesson Markdown to HTML. Raw HTML in a lesson is shown as text, never run; `images/…` resolve under `imageBase`
 * (the course's or the shared module's picture route).
 */
export function renderLesson(markdown: string, imageBase: string): string {
  const marked = new Marked({
    gfm: true,
    async: false,
    walkTokens(token) {
      if (token.type === "image" && token.href.startsWith("images/")) token.href = `${imageBase}/${token.href}`;
    },
    renderer: {
      html(token) {
        return escapeHtml(token.text);
      },
      image(token) {
        return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" loading="lazy">`;
      },
    },
  });
  return marked.parse(markdown) as string;
}
